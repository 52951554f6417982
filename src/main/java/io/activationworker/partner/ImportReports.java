package io.activationworker.partner;

import io.activationworker.feed.FeedDocument;
import io.activationworker.feed.FeedPartner;
import io.activationworker.feed.FeedRejection;
import io.activationworker.feed.ImportListener;
import io.activationworker.key.Tokens;
import io.activationworker.mail.MessageKind;
import io.activationworker.outbox.Outbox;
import io.activationworker.outbox.Recipient;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner's import report: when an import of its feed (file or API) rejected something, its
 * {@code contact} gets one mail listing every {@code file:line: agreement NUMBER: reason}, and its
 * webhook a {@code feed.rejected} event. Once per change of what is rejected: the digest of the
 * last report per feed is stored, so the same file polled again, or re-read at a restart, sends
 * nothing, and a fixed file sends nothing more. Mail, event and digest commit together.
 */
public final class ImportReports implements ImportListener {

    private static final Logger log = LoggerFactory.getLogger(ImportReports.class);
    /** A mail lists this many lines at most; the rest are counted (and all are in the JSON report). */
    private static final int MAX_LINES = 500;

    public interface FeedReportDao {
        /** 1 when the report differs from the last one for this feed (or is the first); 0 when it is the same. */
        @SqlUpdate("""
                insert into feed_report (partner_id, source, rejections_sha256, reported_at)
                values (:partnerId, :source, :digest, :now)
                on conflict (partner_id, source) do update
                   set rejections_sha256 = excluded.rejections_sha256, reported_at = excluded.reported_at
                 where feed_report.rejections_sha256 <> excluded.rejections_sha256
                """)
        int record(@Bind("partnerId") String partnerId, @Bind("source") String source, @Bind("digest") String digest,
                   @Bind("now") Instant now);
    }

    private final Jdbi jdbi;
    private final Outbox outbox;
    private final Clock clock;

    public ImportReports(Jdbi jdbi, Outbox outbox, Clock clock) {
        this.jdbi = jdbi;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Override
    public void imported(FeedDocument doc, List<FeedRejection> rejections) {
        FeedPartner partner = doc.partner();
        String source = doc.file().toString();
        List<String> lines = rejections.stream().map(FeedRejection::toString).toList();
        String digest = rejections.isEmpty() ? "none" : Tokens.sha256Hex(String.join("\n", lines));
        Instant now = clock.instant();
        boolean sent = jdbi.inTransaction(h -> {
            if (h.attach(FeedReportDao.class).record(partner.id(), source, digest, now) == 0 || rejections.isEmpty()) {
                return false;
            }
            partner.contact().ifPresent(contact -> outbox.enqueue(h, MessageKind.IMPORT_REPORT,
                    Recipient.of(contact, null), partner.locale(), mailModel(partner, source, lines), null));
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("partner", partner.id());
            data.put("file", source);
            List<Map<String, Object>> rejected = new ArrayList<>();
            for (FeedRejection r : rejections) {
                Map<String, Object> one = new LinkedHashMap<>();
                one.put("line", r.line());
                one.put("subject", r.subject());
                one.put("reason", r.reason());
                rejected.add(one);
            }
            data.put("rejected", rejected);
            WebhookEvents.queue(h, partner.id(), WebhookEvents.FEED_REJECTED, now, data);
            return true;
        });
        if (sent) {
            log.info("event=import_report_queued partner={} file={} rejected={} contact={}", partner.id(), source,
                    rejections.size(), partner.contact().isPresent());
            outbox.nudge();
        }
    }

    private static Map<String, Object> mailModel(FeedPartner partner, String source, List<String> lines) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("partnerName", partner.name());
        model.put("file", source);
        model.put("count", lines.size());
        List<String> shown = new ArrayList<>(lines.subList(0, Math.min(lines.size(), MAX_LINES)));
        if (lines.size() > MAX_LINES) {
            shown.add("… " + (lines.size() - MAX_LINES) + " more");
        }
        model.put("rejections", shown);
        return model;
    }
}
