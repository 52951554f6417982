package io.activationworker.feed;

/**
 * An import stopped between two transactions because the process is shutting down. Not a verdict
 * on the file: what was committed is whole agreements, and the next import finishes the rest.
 */
final class ImportInterrupted extends RuntimeException {

    public ImportInterrupted(String file) {
        super("the import of " + file + " was interrupted by shutdown");
    }
}
