#include "service/password_workers.h"

#include "base/completion.h"
#include "base/errors.h"
#include "base/status_macros.h"
#include "base/thread_name.h"

namespace bourse::service {

PasswordWorkers::PasswordWorkers(PasswordWorkerOptions options) : options_(options) {
  for (int i = 0; i < std::max(1, options_.threads); ++i) {
    threads_.emplace_back([this] {
      SetCurrentThreadName("bourse-scrypt");
      // Hashing yields the CPU to the HTTP threads whenever they have work.
      LowerCurrentThreadPriority();
      Work();
    });
  }
}

PasswordWorkers::~PasswordWorkers() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (auto& t : threads_) t.join();
}

void PasswordWorkers::Work() {
  while (true) {
    std::function<void()> job;
    {
      absl::MutexLock lock(&mu_);
      mu_.Await(absl::Condition(
          +[](PasswordWorkers* w)
               ABSL_EXCLUSIVE_LOCKS_REQUIRED(w->mu_) { return w->stopping_ || !w->queue_.empty(); },
          this));
      if (queue_.empty()) return;  // Stopping, and nothing left to do.
      job = std::move(queue_.front());
      queue_.pop_front();
    }
    job();
    absl::MutexLock lock(&mu_);
    ++completed_;
  }
}

Status PasswordWorkers::Run(std::function<void()> job) {
  Completion done;
  {
    absl::MutexLock lock(&mu_);
    if (static_cast<int>(queue_.size()) >= options_.max_queued) {
      ++refused_;
      return errors::Make(StatusCode::kResourceExhausted, errors::kTooManyRequests,
                          "too many sign-ins are being checked; try again shortly")
          .WithRetryAfter(1);
    }
    queue_.emplace_back([&done, job = std::move(job)] {
      job();
      done.Signal();
    });
  }
  done.Wait();
  return OkStatus();
}

StatusOr<std::string> PasswordWorkers::Hash(std::string_view password, std::string_view salt,
                                            const crypto::ScryptCost& cost) {
  StatusOr<std::string> out = InternalError("not run");
  BOURSE_RETURN_IF_ERROR(Run([&] { out = crypto::HashPassword(password, salt, cost); }));
  return out;
}

StatusOr<bool> PasswordWorkers::Verify(std::string_view password, std::string_view encoded) {
  StatusOr<bool> out = InternalError("not run");
  BOURSE_RETURN_IF_ERROR(Run([&] { out = crypto::VerifyPassword(password, encoded); }));
  return out;
}

int64_t PasswordWorkers::completed() const {
  absl::MutexLock lock(&mu_);
  return completed_;
}

int64_t PasswordWorkers::refused() const {
  absl::MutexLock lock(&mu_);
  return refused_;
}

}  // namespace bourse::service
