package io.activationworker.outbox;

import io.activationworker.db.CopyRows;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Queuing messages in {@code outbox_message}, on the caller's handle; the worker's statements are {@link DeliveryDao}'s. */
public interface OutboxDao extends SqlObject {

    @SqlUpdate("""
            insert into outbox_message
                (message_id, kind, recipient_email, recipient_name, locale, payload, agreement_number)
            values (:messageId, :kind, :recipientEmail, :recipientName, :locale, cast(:payload as jsonb), :agreementNumber)
            """)
    void insert(@Bind("messageId") String messageId, @Bind("kind") String kind,
                @Bind("recipientEmail") String recipientEmail, @Bind("recipientName") String recipientName,
                @Bind("locale") String locale, @Bind("payload") String payload,
                @Bind("agreementNumber") String agreementNumber);

    /**
     * {@link #insert} for many messages in one COPY, started here and fed by the caller; each row:
     * message_id, kind, recipient_email, recipient_name, locale, payload (JSON text), agreement_number.
     */
    default CopyRows startCopy() {
        return CopyRows.start(getHandle(), """
                copy outbox_message (message_id, kind, recipient_email, recipient_name, locale, payload,
                                     agreement_number)
                from stdin
                """);
    }
}
