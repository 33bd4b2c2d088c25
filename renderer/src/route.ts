import { useEffect, useState } from 'react';

/** The screen and its parameters, kept in the URL hash (`#/interview/<id>`) so that a reload stays put. */
export interface Route {
  screen: string;
  params: string[];
}

function parse(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('?')[0]?.split('/').filter(Boolean) ?? [];
  return { screen: parts[0] ?? 'home', params: parts.slice(1).map(decodeURIComponent) };
}

export function navigate(screen: string, ...params: string[]): void {
  window.location.hash = `#/${[screen, ...params.map(encodeURIComponent)].join('/')}`;
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parse(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parse(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
