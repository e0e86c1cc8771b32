/**
 * Who is using the app. On WeChat the platform knows (OPENID); on H5 the local gateway's dev login
 * issues a token for a persona. Officer grants decide whether the admin entry shows.
 */
import Taro from '@tarojs/taro';
import { transport } from '../platform/transport';
import { call } from './index';

export interface Persona {
  id: string;
  name: string;
  title: string;
  description: string;
}

export interface SessionUser {
  uid: string;
  name: string;
  persona: string;
  grants: Array<{ role: string; orgId: string }>;
}

/** Signing in is the app's business: the H5 gateway's dev login (platform/transport); on WeChat the platform knows the caller. */
export const isH5 = transport.devLogin;

export function currentUser(): SessionUser | null {
  const u = Taro.getStorageSync('user');
  return u && typeof u === 'object' ? (u as SessionUser) : null;
}

export const isOfficer = (u: SessionUser | null) => !!u && u.grants.length > 0;

/** Fired when the signed-in user (or what they may do) is known or changes. */
export const SESSION_EVENT = 'session:changed';

/**
 * WeChat has no dev login: identity stays on the server (OPENID). On launch the app asks the server
 * who it is and what grants it holds (`org.whoami`), so pages that show officer entries or mark one's
 * own grants know it too; pages listening to SESSION_EVENT refresh when it arrives.
 */
export async function refreshSession(): Promise<SessionUser | null> {
  if (isH5) return currentUser();
  try {
    const me = await call('org', 'whoami', {});
    const user: SessionUser = { uid: me.uid, name: me.name ?? '', persona: '', grants: me.grants };
    Taro.setStorageSync('user', user);
    Taro.eventCenter.trigger(SESSION_EVENT, user);
    return user;
  } catch {
    return currentUser();
  }
}

/** Dev personas, or null when dev login is off (production) or this is not H5. */
export async function listPersonas(): Promise<Persona[] | null> {
  if (!isH5) return null;
  try {
    const res = await fetch('/api/dev/personas');
    if (!res.ok) return null;
    return ((await res.json()) as { data: { personas: Persona[] } }).data.personas;
  } catch {
    return null;
  }
}

export async function login(persona: string): Promise<SessionUser> {
  const res = await fetch('/api/dev/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ persona }) });
  const body = (await res.json()) as { ok: boolean; data: { token: string; user: SessionUser } };
  if (!body.ok) throw new Error('登录失败');
  Taro.setStorageSync('token', body.data.token);
  Taro.setStorageSync('user', body.data.user);
  return body.data.user;
}

export function logout() {
  Taro.removeStorageSync('token');
  Taro.removeStorageSync('user');
}
