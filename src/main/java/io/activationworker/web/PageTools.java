package io.activationworker.web;

/**
 * The page plumbing every feature's pages share, built once per web handler: the template
 * renderer, the form tokens and the pre-session cookie.
 */
public record PageTools(PageRenderer pages, Csrf csrf, PreSession preSession) {
}
