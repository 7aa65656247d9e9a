// The console's shell: header with navigation, language switch and session, and the page the
// hash names.
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import './styles.css';
import { restoreSession, session, signOut } from './api.js';
import { lang, setLang, t } from './i18n.js';
import { route } from './router.js';
import { Home } from './pages/home.jsx';
import { Catalogue } from './pages/catalogue.jsx';
import { Product } from './pages/product.jsx';
import { SignIn } from './pages/signin.jsx';
import { Certificates } from './pages/certificates.jsx';
import { Log } from './pages/log.jsx';
import { AdmissionQueue, CrossBorder } from './pages/operator.jsx';
import { Evidence } from './pages/compliance.jsx';
import { Contract, Contracts, Negotiation } from './pages/trade.jsx';
import { MyProduct, MyProducts, ReviewQueue } from './pages/seller.jsx';
import { Apply, Board, Dashboard, Demand, Disputes, Money, Notifications } from './pages/market.jsx';
import { Participant, Settings } from './pages/settings.jsx';

function useSignal(s) {
  const [, setTick] = useState(0);
  useEffect(() => s.subscribe(() => setTick((n) => n + 1)), [s]);
  return s.get();
}

function Page({ path, query }) {
  if (path === '/') return <Home />;
  if (path === '/products') return <Catalogue query={query} />;
  if (path.startsWith('/products/')) return <Product id={decodeURIComponent(path.slice(10))} />;
  if (path === '/sign-in') return <SignIn />;
  if (path === '/certificates') return <Certificates />;
  if (path === '/log') return <Log query={query} />;
  if (path === '/admissions') return <AdmissionQueue />;
  if (path === '/cross-border') return <CrossBorder />;
  if (path === '/evidence') return <Evidence />;
  if (path === '/contracts') return <Contracts />;
  if (path.startsWith('/negotiations/')) return <Negotiation id={decodeURIComponent(path.slice(14))} />;
  if (path === '/my-products') return <MyProducts />;
  if (path.startsWith('/my-products/')) return <MyProduct id={decodeURIComponent(path.slice(13))} />;
  if (path === '/reviews') return <ReviewQueue />;
  if (path === '/dashboard') return <Dashboard />;
  if (path === '/disputes') return <Disputes />;
  if (path === '/money') return <Money />;
  if (path === '/board') return <Board />;
  if (path.startsWith('/demands/')) return <Demand id={decodeURIComponent(path.slice(9))} />;
  if (path === '/notifications') return <Notifications />;
  if (path === '/apply') return <Apply />;
  if (path === '/settings') return <Settings />;
  if (path === '/participants') return <Participant />;
  if (path.startsWith('/contracts/')) return <Contract id={decodeURIComponent(path.slice(11))} />;
  return <p>404</p>;
}

function App() {
  const { path, query } = useSignal(route);
  const language = useSignal(lang);
  const me = useSignal(session);
  const staff = me && (me.roles.includes('operator') || me.roles.includes('regulator'));
  const seller = me && (me.roles.includes('seller') || me.roles.includes('data_merchant'));
  const reviewer = me && (staff || me.roles.includes('service_provider'));
  const link = (to, label) => (
    <a href={`#${to}`} aria-current={path === to ? 'page' : undefined}>{label}</a>
  );
  return (
    <>
      <a class="skip" href="#main" onClick={(e) => { e.preventDefault(); document.getElementById('main').focus(); }}>
        {language === 'zh' ? '跳到正文' : 'Skip to content'}
      </a>
      <header>
        <a class="brand" href="#/">{t('brand')}</a>
        <nav aria-label={t('market')}>
          {link('/', t('home'))}
          {link('/products', t('catalogue'))}
          {link('/board', t('board'))}
          {link('/log', t('log'))}
          {me && link('/contracts', t('contracts'))}
          {seller && link('/my-products', t('myProducts'))}
          {reviewer && link('/reviews', t('reviews'))}
          {me && link('/certificates', t('certificates'))}
          {staff && link('/dashboard', t('dashboard'))}
          {staff && link('/admissions', t('admissionQueue'))}
          {staff && link('/disputes', t('disputes'))}
          {staff && link('/participants', t('participantsTitle'))}
          {me && link('/money', t('money'))}
          {me && link('/notifications', t('notifications'))}
          {staff && link('/cross-border', t('crossBorder'))}
          {(staff || seller) && link('/evidence', t('evidence'))}
        </nav>
        <div class="session">
          <button type="button" class="lang" aria-label={t('languageLabel')}
                  onClick={() => setLang(language === 'zh' ? 'en' : 'zh')}>{t('language')}</button>
          {me ? (
            <>
              <a href="#/settings" data-signed-in={me.organization_id}>{me.organization_name}</a>
              <button type="button" onClick={() => signOut()}>{t('signOut')}</button>
            </>
          ) : (
            <>
              <a href="#/apply">{t('apply')}</a>
              <a href="#/sign-in">{t('signIn')}</a>
            </>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Page path={path} query={query} key={`${path}?${query}|${language}`} />
      </main>
    </>
  );
}

setLang(lang.get());
restoreSession().finally(() => render(<App />, document.getElementById('app')));
