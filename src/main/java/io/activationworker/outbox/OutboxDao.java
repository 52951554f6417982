package io.activationworker.outbox;

import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/**
 * The one write path of {@code outbox_message}: queuing messages, on the caller's handle. One
 * statement for one message or a whole import's, each column bound as an array, element i of
 * each array being message i. The worker's statements are {@link DeliveryDao}'s.
 */
public interface OutboxDao {

    @SqlUpdate("""
            insert into outbox_message
                (message_id, kind, recipient_email, recipient_name, locale, payload, agreement_number)
            select m.message_id, m.kind, m.recipient_email, m.recipient_name, m.locale, cast(m.payload as jsonb),
                   m.agreement_number
              from unnest(:messageIds, :kinds, :recipientEmails, :recipientNames, :locales, :payloads,
                          :agreementNumbers)
                   with ordinality as m(message_id, kind, recipient_email, recipient_name, locale, payload,
                                        agreement_number, position)
             order by m.position
            """)
    int insertAll(@Bind("messageIds") String[] messageIds, @Bind("kinds") String[] kinds,
                  @Bind("recipientEmails") String[] recipientEmails, @Bind("recipientNames") String[] recipientNames,
                  @Bind("locales") String[] locales, @Bind("payloads") String[] payloads,
                  @Bind("agreementNumbers") String[] agreementNumbers);
}
