// Sign-in with an API token or the organisation's password.
import { useState } from 'preact/hooks';
import { signIn } from '../api.js';
import { t } from '../i18n.js';
import { navigate } from '../router.js';

export function SignIn() {
  const [mode, setMode] = useState('token');
  const [error, setError] = useState(null);
  async function submit(e) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    setError(null);
    try {
      await signIn(mode === 'token'
                       ? { token: data.get('token') }
                       : { organization: data.get('organization'), password: data.get('password') });
      navigate('/');
    } catch (err) {
      setError(err.message);
    }
  }
  return (
    <section aria-labelledby="signin-title" class="narrow">
      <h1 id="signin-title">{t('signIn')}</h1>
      <div role="tablist" class="tabs">
        <button role="tab" type="button" aria-selected={mode === 'token'}
                onClick={() => setMode('token')}>{t('withToken')}</button>
        <button role="tab" type="button" aria-selected={mode === 'password'}
                onClick={() => setMode('password')}>{t('withPassword')}</button>
      </div>
      <form onSubmit={submit} class="stack">
        {mode === 'token' ? (
          <label>{t('token')}
            <input name="token" type="password" autocomplete="off" required />
          </label>
        ) : (
          <>
            <label>{t('organization')}
              <input name="organization" autocomplete="username" required />
            </label>
            <label>{t('password')}
              <input name="password" type="password" autocomplete="current-password" required />
            </label>
          </>
        )}
        <button type="submit">{t('signIn')}</button>
        {error && <p role="alert" class="error">{error}</p>}
      </form>
    </section>
  );
}
