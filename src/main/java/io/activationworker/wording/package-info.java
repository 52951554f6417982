/**
 * How pages and mails write what they show: the template methods that write a date or an
 * instant in the reader's language. Used by both {@code web} and {@code mail}, so neither needs
 * the other for it.
 */
package io.activationworker.wording;
