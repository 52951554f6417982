package io.activationworker.feed;

/**
 * The file as a whole cannot be used (not YAML/JSON, hostile, too big, no schema or partner);
 * nothing from it may be imported. The message is {@code file:line:column: reason}.
 */
public final class FeedFileRejectedException extends RuntimeException {

    private final String file;
    private final int line;
    private final int column;
    private final String reason;

    public FeedFileRejectedException(String file, int line, int column, String reason) {
        this(file, line, column, reason, null);
    }

    public FeedFileRejectedException(String file, int line, int column, String reason, Throwable cause) {
        super(file + ":" + line + ":" + column + ": " + reason, cause);
        this.file = file;
        this.line = line;
        this.column = column;
        this.reason = reason;
    }

    public String getFile() {
        return file;
    }

    public int getLine() {
        return line;
    }

    public int getColumn() {
        return column;
    }

    public String getReason() {
        return reason;
    }
}
