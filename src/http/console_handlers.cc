// The web console: its built files (web/dist) served at / and /assets/, under a strict
// Content-Security-Policy. The console speaks to the exchange only through the public API.
#include <filesystem>
#include <system_error>

#include "http/handler_util.h"
#include "http/handlers.h"

namespace bourse::http {
namespace {

namespace fs = std::filesystem;

// Scripts, styles, images and fonts only from the exchange itself; no inline script or style
// markup, no plug-ins, no framing, and API calls only back to the exchange.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; manifest-src 'self'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'";

std::string_view ContentTypeOf(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".json" || ext == ".webmanifest") return "application/json";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool AcceptsGzip(std::string_view accept_encoding) {
  return accept_encoding.find("gzip") != std::string_view::npos;
}

Response ServeFile(const ApiServices& s, RequestContext& ctx, const std::string& relative,
                   std::string_view cache_control) {
  if (s.console_dir.empty())
    return ctx.Problem(errors::NotFound("console (this exchange serves no console)"));
  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::path(s.console_dir), ec);
  if (ec) return ctx.Problem(errors::NotFound("console"));
  const fs::path file = fs::weakly_canonical(root / relative, ec);
  // The file must lie inside the console's folder ("..", links out and the like are refused).
  const std::string root_text = root.string() + "/";
  if (ec || file.string().compare(0, root_text.size(), root_text) != 0 ||
      !fs::is_regular_file(file, ec)) {
    return ctx.Problem(errors::NotFound("file"));
  }
  fs::path serve = file;
  bool gzip = false;
  if (AcceptsGzip(ctx.request().accept_encoding)) {
    fs::path gz = file;
    gz += ".gz";
    if (fs::is_regular_file(gz, ec)) {
      serve = gz;
      gzip = true;
    }
  }
  const auto size = fs::file_size(serve, ec);
  if (ec) return ctx.Problem(errors::NotFound("file"));
  Response r;
  r.status = 200;
  r.content_type = std::string(ContentTypeOf(file));
  auto source = OpenPlainFile(serve.string());
  if (!source.ok()) return ctx.Problem(errors::NotFound("file"));
  r.file = FileRange{std::move(*source), 0, static_cast<int64_t>(size)};
  if (gzip) r.headers.emplace_back("Content-Encoding", "gzip");
  r.headers.emplace_back("Vary", "Accept-Encoding");
  r.headers.emplace_back("Cache-Control", std::string(cache_control));
  r.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
  r.headers.emplace_back("X-Content-Type-Options", "nosniff");
  r.headers.emplace_back("Referrer-Policy", "no-referrer");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  return r;
}

Response Index(const ApiServices& s, RequestContext& ctx) {
  return ServeFile(s, ctx, "index.html", "no-cache");
}

Response Asset(const ApiServices& s, RequestContext& ctx) {
  // Built assets carry a content hash in their names: they never change under one name.
  return ServeFile(s, ctx, "assets/" + ctx.param("path"), "public, max-age=31536000, immutable");
}

Response RootFile(const ApiServices& s, RequestContext& ctx, const char* name) {
  return ServeFile(s, ctx, name, "public, max-age=3600");
}

}  // namespace

void RegisterConsoleRoutes(Router& router, const ApiServices& s) {
  router.Add("GET", "/", domain::Act::kPublic, [&s](RequestContext& ctx) { return Index(s, ctx); });
  router.Add("GET", "/assets/{path...}", domain::Act::kPublic,
             [&s](RequestContext& ctx) { return Asset(s, ctx); });
  router.Add("GET", "/favicon.svg", domain::Act::kPublic,
             [&s](RequestContext& ctx) { return RootFile(s, ctx, "favicon.svg"); });
}

}  // namespace bourse::http
