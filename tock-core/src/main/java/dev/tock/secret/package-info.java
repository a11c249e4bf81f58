/**
 * Secrets: named sets of values in a namespace that executors reference ({@link dev.tock.model.SecretKeyRef})
 * and that are never shown. Values are sealed here, in the core, with AES-256-GCM under the node's
 * {@link dev.tock.secret.EncryptionKey}; the store keeps only ciphertext ({@link dev.tock.secret.SealedSecret}).
 */
package dev.tock.secret;
