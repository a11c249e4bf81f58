// What follows an action: a message saying how it went, and a refresh of the page on view.
import { ApiError } from './api.js';
import { h, fill } from './dom.js';

let refresh = async () => {};

/** Called by the app with the function that refreshes the page on view now. */
export function setRefresher(fn) {
  refresh = fn;
}

/** Shows a message for a few seconds. */
export function flash(text, kind) {
  const box = document.getElementById('flash');
  fill(box, h('p', { class: ['msg', kind === 'error' ? 'msg-error' : 'msg-ok'], data: { kind: kind || 'ok' } }, text));
  clearTimeout(flash.timer);
  flash.timer = setTimeout(() => fill(box), kind === 'error' ? 10000 : 5000);
}

/** Runs an action (a function calling act()), reports its outcome and refreshes the page at once. */
export async function perform(label, action) {
  try {
    const result = await action();
    flash(label + ': done.');
    return result;
  } catch (e) {
    flash(label + ' failed: ' + (e instanceof ApiError ? e.message : String(e)), 'error');
    return undefined;
  } finally {
    await refresh();
  }
}

/** A button that runs an action; disabled while it runs so that a double click acts once. */
export function actionButton(text, label, action, attrs) {
  const button = h('button', { type: 'button', ...(attrs || {}) }, text);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try { await perform(label, action); } finally { button.disabled = false; }
  });
  return button;
}
