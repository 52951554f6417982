/**
 * The partner's side (issue 16): API tokens and the feed upload, the per-agreement status, import
 * reports and delivery-failure notices by mail, and the signed webhook events with their worker.
 */
package io.activationworker.partner;
