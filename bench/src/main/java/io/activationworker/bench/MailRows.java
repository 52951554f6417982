package io.activationworker.bench;

import io.activationworker.key.KeyHasher;
import io.activationworker.key.KeySecret;
import io.activationworker.key.TokenSealer;
import io.activationworker.mail.MailComposer;
import io.activationworker.mail.MailRenderer;
import io.activationworker.outbox.OutboxMessage;
import io.activationworker.outbox.OutboxRenderer;
import jakarta.mail.Session;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The seeded outbox rows, and the product's own renderer for them (the baselines send the same mails). */
final class MailRows {

    static final String FROM = "Licence activation <activation@bench.example>";

    private MailRows() {
    }

    static List<OutboxMessage> load(String url) {
        List<OutboxMessage> rows = new ArrayList<>();
        try (Connection c = Db.connect(url); PreparedStatement s = c.prepareStatement("""
                select id, message_id, kind, recipient_email, recipient_name, locale, payload::text,
                       agreement_number, attempts, created_at
                  from outbox_message order by id""")) {
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxMessage(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getInt(9),
                            rs.getTimestamp(10).toInstant()));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return rows;
    }

    static OutboxRenderer renderer(Session session, Path templates) {
        KeyHasher hasher = new KeyHasher(KeySecret.load(Optional.of(BenchContext.KEY_SECRET), Path.of("."),
                new SecureRandom()));
        return new OutboxRenderer(new MailRenderer(templates), new MailComposer(session, FROM),
                new TokenSealer(hasher, new SecureRandom()), Optional.empty());
    }
}
