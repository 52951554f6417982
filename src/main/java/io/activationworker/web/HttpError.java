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
        public MethodNotAllowed() {
            super(405, "method not allowed");
        }
    }

    // issue 16
    public static final class PayloadTooLarge extends HttpError {
        private final long limit;

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
