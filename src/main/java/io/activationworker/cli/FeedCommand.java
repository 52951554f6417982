package io.activationworker.cli;

import io.activationworker.Main;
import io.activationworker.Services;
import io.activationworker.feed.FeedDocument;
import io.activationworker.feed.FeedFileRejectedException;
import io.activationworker.feed.FeedFiles;
import io.activationworker.feed.ImportReport;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BiFunction;

/**
 * What {@code import} and {@code validate} share: each file of PATH read and handed on, a summary
 * and every rejection printed. Exit 0 all accepted, 1 some rejected, 2 a file unreadable.
 */
final class FeedCommand {

    private FeedCommand() {
    }

    static int run(ConfigOption config, Path path, BiFunction<Services, FeedDocument, ImportReport> action,
                   PrintStream out) {
        if (!Files.exists(path)) {
            out.println(path + ": no such file or folder");
            return Main.UNUSABLE;
        }
        List<Path> files = FeedFiles.list(path);
        if (files.isEmpty()) {
            out.println(path + ": no *.yaml, *.yml or *.json files");
            return Main.UNUSABLE;
        }
        int exit = 0;
        try (Services services = Services.open(config.load(), 4)) {
            for (Path file : files) {
                try {
                    ImportReport report = action.apply(services, services.feedReader().read(file));
                    out.println(report.summary());
                    report.rejections().forEach(r -> out.println("  " + r));
                    if (!report.allAccepted()) {
                        exit = Math.max(exit, 1);
                    }
                } catch (FeedFileRejectedException e) {
                    out.println(e.getMessage());
                    exit = Main.UNUSABLE;
                }
            }
        }
        return exit;
    }
}
