package io.activationworker.web;

/** Request outcomes that end in an error page; the web server maps each to its status. */
public abstract class HttpError extends RuntimeException {

    private final int status;

    HttpError(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static final class NotFound extends HttpError {
        public NotFound() {
            super(404, "not found");
        }
    }

    public static final class BadRequest extends HttpError {
        public BadRequest(String reason) {
            super(400, reason);
        }
    }

    public static final class Forbidden extends HttpError {
        public Forbidden(String reason) {
            super(403, reason);
        }
    }

    public static final class MethodNotAllowed extends HttpError {
        private final String allow;

        public MethodNotAllowed() {
            this("");
        }

        /** {@code allow}: the methods the path serves, for the {@code Allow} header ("GET, HEAD"). */
        public MethodNotAllowed(String allow) {
            super(405, "method not allowed");
            this.allow = allow;
        }

        public String allow() {
            return allow;
        }
    }

    /** 413: a body larger than the route reads; answered before (or instead of) reading the rest. */
    public static final class PayloadTooLarge extends HttpError {
        private final long limit;

        public PayloadTooLarge() {
            super(413, "request body too large");
            this.limit = 0;
        }

        /** {@code limit}: the most bytes the route reads, for an answer that names it (a feed upload). */
        public PayloadTooLarge(long limit) {
            super(413, "the body is larger than " + limit + " bytes");
            this.limit = limit;
        }

        public long limit() {
            return limit;
        }
    }

    public static final class Unauthorized extends HttpError {
        public Unauthorized() {
            super(401, "unauthorized");
        }
    }
}
