/**
 * API tokens, their roles and namespace scopes, dashboard sessions and the audit log: the values the
 * store keeps ({@link dev.tock.store.SecurityStore}) and the server decides on.
 */
package dev.tock.security;
