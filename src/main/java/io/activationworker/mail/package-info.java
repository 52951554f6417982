/** Outgoing email: FreeMarker rendering per message kind and language, MIME composition with fixed Message-IDs, SMTP delivery. */
package io.activationworker.mail;
