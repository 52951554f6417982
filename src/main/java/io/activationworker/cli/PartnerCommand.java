package io.activationworker.cli;

import io.activationworker.Services;
import io.activationworker.partner.Partner;
import io.activationworker.partner.PartnerDao;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code partner token|revoke|show|rotate-secret ID}: the partner's API token and webhook signing secret. */
@Command(name = "partner", mixinStandardHelpOptions = true,
        description = "A partner's API token and webhook signing secret.",
        subcommands = {PartnerCommand.Token.class, PartnerCommand.Revoke.class, PartnerCommand.Show.class,
                PartnerCommand.RotateSecret.class})
public final class PartnerCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    /** What every subcommand shares: the configuration option, and the services opened (and closed) around it. */
    abstract static class Subcommand implements Callable<Integer> {
        @Mixin
        ConfigOption config;

        @Override
        public final Integer call() {
            try (Services services = Services.open(config.load(), 2)) {
                return call(services);
            }
        }

        abstract int call(Services services);
    }

    @Command(name = "token", mixinStandardHelpOptions = true,
            description = "Creates an API token for the partner and prints it (once: only its hash is stored).")
    static final class Token extends Subcommand {
        @Parameters(paramLabel = "ID", description = "The partner id, as in the feed's partner.id.")
        String partner;

        @Override
        int call(Services services) {
            String token = services.partnerTokens().issue(partner);
            System.out.println(token);
            System.err.println("This token is shown once. Use it as 'Authorization: Bearer " + "<token>' for "
                    + services.publicBaseUrl() + "/partner/...; 'partner revoke " + partner + "' ends it.");
            return 0;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Ends every API token of the partner.")
    static final class Revoke extends Subcommand {
        @Parameters(paramLabel = "ID")
        String partner;

        @Override
        int call(Services services) {
            int n = services.partnerTokens().revoke(partner);
            System.out.println(partner + ": " + n + (n == 1 ? " token" : " tokens") + " revoked");
            return n > 0 ? 0 : 1;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Prints the partner's contact, webhook (and whether it is disabled) and signing secret.")
    static final class Show extends Subcommand {
        @Parameters(paramLabel = "ID")
        String partner;

        @Override
        int call(Services services) {
            Optional<Partner> found = services.database().jdbi()
                    .withExtension(PartnerDao.class, dao -> dao.findById(partner));
            if (found.isEmpty()) {
                System.out.println(partner + ": no such partner (import its feed or give it a token first)");
                return 1;
            }
            Partner p = found.get();
            String secret = services.webhookSecrets().current(partner);
            System.out.println("partner:        " + p.id() + " (" + p.name() + ")");
            System.out.println("contact:        " + p.contactAddress().orElse("-"));
            System.out.println("locale:         " + p.locale());
            System.out.println("webhook:        " + p.webhook().orElse("-"));
            if (p.webhookDisabledAt() != null) {
                System.out.println("webhook state:  disabled since " + p.webhookDisabledAt() + " ("
                        + p.webhookDisabledReason() + "); a feed with another webhook URL enables it again");
            } else {
                System.out.println("webhook state:  " + (p.webhook().isPresent() ? "enabled" : "-"));
            }
            System.out.println("signing secret: " + secret);
            if (p.webhookPreviousUntil() != null && p.webhookPreviousUntil().isAfter(services.clock().instant())) {
                System.out.println("                (the previous secret also signs until " + p.webhookPreviousUntil() + ")");
            }
            return 0;
        }
    }

    @Command(name = "rotate-secret", mixinStandardHelpOptions = true,
            description = "Replaces the signing secret and prints the new one; the old one also signs for 24 hours.")
    static final class RotateSecret extends Subcommand {
        @Parameters(paramLabel = "ID")
        String partner;

        @Override
        int call(Services services) {
            System.out.println(services.webhookSecrets().rotate(partner));
            return 0;
        }
    }
}
