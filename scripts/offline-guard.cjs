/**
 * Preloaded (NODE_OPTIONS=--require) into the miniprogram-ci check and every process it forks: a TCP
 * connection, UDP send or DNS lookup to anything but loopback fails at once instead of waiting on a
 * network this machine may not have, and is appended to the file named by OFFLINE_GUARD_LOG, so the
 * check can show that nothing tried. Plain CommonJS: it loads before any TypeScript loader.
 */
'use strict';
const fs = require('node:fs');
const net = require('node:net');
const dgram = require('node:dgram');
const dns = require('node:dns');

const log = process.env.OFFLINE_GUARD_LOG;
const loopback = (host) => !host || host === 'localhost' || host === '::1' || /^127\./.test(host);

function record(what) {
  if (log) fs.appendFileSync(log, `${process.pid} ${what}\n`);
  return new Error(`offline-guard: blocked ${what}`);
}

const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function guardedConnect(...args) {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const opts = typeof first === 'object' && first !== null ? first : { port: first, host: typeof args[1] === 'string' ? args[1] : undefined };
  if (opts.path || loopback(opts.host)) return connect.apply(this, args);
  const error = record(`connection to ${opts.host}:${opts.port}`);
  process.nextTick(() => this.destroy(error));
  return this;
};

const send = dgram.Socket.prototype.send;
dgram.Socket.prototype.send = function guardedSend(...args) {
  const host = args.find((a, i) => i > 0 && typeof a === 'string');
  if (loopback(host)) return send.apply(this, args);
  const error = record(`UDP send to ${host}`);
  const callback = args.find((a) => typeof a === 'function');
  if (callback) process.nextTick(() => callback(error));
};

for (const api of [dns, dns.promises]) {
  const lookup = api.lookup;
  api.lookup = function guardedLookup(host, ...rest) {
    if (loopback(host)) return lookup.call(this, host, ...rest);
    const error = Object.assign(record(`DNS lookup of ${host}`), { code: 'ENOTFOUND' });
    const callback = rest.find((a) => typeof a === 'function');
    if (callback) return void process.nextTick(() => callback(error));
    return Promise.reject(error);
  };
}
