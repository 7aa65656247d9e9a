// Hash routing (#/products/…): every page is served by the one index.html, and links work without
// any server-side fallback.
import { signal } from './state.js';

function current() {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path, search = ''] = hash.split('?');
  return { path, query: new URLSearchParams(search) };
}

export const route = signal(current());
addEventListener('hashchange', () => route.set(current()));

export function navigate(to) {
  location.hash = to;
}
