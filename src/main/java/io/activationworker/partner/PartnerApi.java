package io.activationworker.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.activationworker.feed.FeedDocument;
import io.activationworker.feed.FeedFileRejectedException;
import io.activationworker.feed.FeedImporter;
import io.activationworker.feed.FeedReader;
import io.activationworker.feed.FeedRejection;
import io.activationworker.feed.ImportReport;
import io.activationworker.web.HttpError;
import io.activationworker.web.Route;
import io.activationworker.web.WebRequest;
import io.activationworker.web.WebResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The partner API (DESIGN.md "Partner API"): {@code PUT /partner/feeds/{name}} imports one feed
 * exactly as a file in {@code feed.dir} would be (the same reader, limits and importer), and
 * {@code GET /partner/agreements} streams the partner's per-agreement status. Both answer JSON
 * and need the partner's bearer token; a token only ever acts for its own partner.
 */
final class PartnerApi {

    private static final Logger log = LoggerFactory.getLogger(PartnerApi.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = "application/json; charset=utf-8";

    private final PartnerTokens tokens;
    private final FeedReader reader;
    private final FeedImporter importer;
    private final AgreementStatusRows status;
    private final long maxBytes;

    PartnerApi(PartnerTokens tokens, FeedReader reader, FeedImporter importer, AgreementStatusRows status,
                      long maxBytes) {
        this.tokens = tokens;
        this.reader = reader;
        this.importer = importer;
        this.status = status;
        this.maxBytes = maxBytes;
    }

    List<Route> routes() {
        return List.of(
                // The handler bounds the body itself (feed.max-bytes), so a 413 is the API's JSON, not the HTML page.
                Route.put("/partner/feeds/(?<name>[^/]*)", this::putFeed).withMaxBody(Long.MAX_VALUE),
                Route.get("/partner/agreements", this::agreements));
    }

    private WebResponse putFeed(WebRequest request, Matcher path) {
        var partner = tokens.partnerOf(request.header("Authorization"));
        if (partner.isEmpty()) {
            return unauthorized();
        }
        String name = path.group(1);
        String lower = name.toLowerCase(Locale.ROOT);
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,99}")
                || !(lower.endsWith(".yaml") || lower.endsWith(".yml") || lower.endsWith(".json"))) {
            return error(400, "the feed name must be letters, digits, dots, dashes or underscores ending in "
                    + ".yaml, .yml or .json, e.g. /partner/feeds/northwind.yaml");
        }
        Path upload = null;
        try {
            upload = Files.createTempFile("partner-feed-", ".upload");
            try (InputStream body = request.body(maxBytes)) {
                Files.copy(body, upload, StandardCopyOption.REPLACE_EXISTING);
            }
            FeedDocument doc = reader.read(upload, "api/" + name);
            if (!doc.partner().id().equals(partner.get())) {
                log.warn("event=partner_feed_refused partner={} feed_partner={} reason=other_partner",
                        partner.get(), doc.partner().id());
                return error(403, "this token belongs to partner " + partner.get() + "; the feed names partner "
                        + doc.partner().id());
            }
            ImportReport report = importer.importDocument(doc);
            return json(report.allAccepted() ? 200 : 422, report(partner.get(), report));
        } catch (HttpError.PayloadTooLarge e) {
            return error(413, "the feed is larger than " + e.limit() + " bytes (feed.max-bytes)");
        } catch (FeedFileRejectedException e) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("partner", partner.get());
            body.put("error", e.getReason());
            body.put("line", e.getLine());
            body.put("column", e.getColumn());
            return json(400, body);
        } catch (IOException e) {
            return error(400, "the body could not be read (" + e.getMessage() + ")");
        } finally {
            if (upload != null) {
                try {
                    Files.deleteIfExists(upload);
                } catch (IOException e) {
                    log.warn("event=upload_not_deleted file={} reason=\"{}\"", upload, e.getMessage());
                }
            }
        }
    }

    private WebResponse agreements(WebRequest request, Matcher path) {
        var partner = tokens.partnerOf(request.header("Authorization"));
        if (partner.isEmpty()) {
            return unauthorized();
        }
        return WebResponse.streamed(200, JSON_TYPE, out -> status.writeJson(partner.get(), out))
                .header("Cache-Control", "no-store");
    }

    /** The report DESIGN.md fixes: partner, new, changed, unchanged, rejected (line, agreement, reason). */
    static Map<String, Object> report(String partnerId, ImportReport report) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("partner", partnerId);
        body.put("new", report.agreementsNew());
        body.put("changed", report.agreementsChanged());
        body.put("unchanged", report.agreementsUnchanged());
        List<Map<String, Object>> rejected = new ArrayList<>();
        for (FeedRejection r : report.rejections()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("line", r.line());
            if (r.subject().startsWith("agreement ")) {
                one.put("agreement", r.subject().substring("agreement ".length()));
            } else {
                one.put("subject", r.subject());
            }
            one.put("reason", r.reason());
            rejected.add(one);
        }
        body.put("rejected", rejected);
        return body;
    }

    private static WebResponse unauthorized() {
        return json(401, Map.of("error", "a valid partner token is required: Authorization: Bearer TOKEN "
                + "(the operator creates one with 'partner token ID')"))
                .header("WWW-Authenticate", "Bearer realm=\"partner\"");
    }

    private static WebResponse error(int status, String message) {
        return json(status, Map.of("error", message));
    }

    private static WebResponse json(int status, Object body) {
        try {
            return WebResponse.text(status, JSON_TYPE, JSON.writeValueAsString(body) + "\n").header("Cache-Control", "no-store");
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
