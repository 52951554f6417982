package io.activationworker.agreement;

import java.util.List;
import java.util.Optional;
import io.activationworker.db.CopyRows;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code partner} and {@code agreement}. */
@RegisterConstructorMapper(Agreement.class)
public interface AgreementDao extends SqlObject {

    /** The partner as its feed declares it; a feed naming another webhook URL enables a disabled webhook again. */
    @SqlUpdate("""
            insert into partner (id, name, contact, webhook_url, locale) values (:id, :name, :contact, :webhook, :locale)
            on conflict (id) do update
               set name = excluded.name, contact = excluded.contact, webhook_url = excluded.webhook_url,
                   locale = excluded.locale,
                   webhook_disabled_at = case when partner.webhook_url is distinct from excluded.webhook_url
                                              then null else partner.webhook_disabled_at end,
                   webhook_disabled_reason = case when partner.webhook_url is distinct from excluded.webhook_url
                                                  then null else partner.webhook_disabled_reason end
             where (partner.name, partner.contact, partner.webhook_url, partner.locale)
                   is distinct from (excluded.name, excluded.contact, excluded.webhook_url, excluded.locale)
            """)
    void upsertPartner(@Bind("id") String id, @Bind("name") String name, @Bind("contact") String contact,
                       @Bind("webhook") String webhook, @Bind("locale") String locale);

    @SqlQuery("""
            select a.number, a.partner_id, p.name as partner_name, a.tenant_id, a.customer_name, a.admin_name,
                   a.admin_email, a.notices_contact, a.locale, a.fingerprint, p.contact as partner_contact
              from agreement a
              join partner p on p.id = a.partner_id
             where a.number = :number
            """)
    Optional<Agreement> findByNumber(@Bind("number") String number);

    @SqlQuery("""
            select a.number, a.partner_id, p.name as partner_name, a.tenant_id, a.customer_name, a.admin_name,
                   a.admin_email, a.notices_contact, a.locale, a.fingerprint, p.contact as partner_contact
              from agreement a
              join partner p on p.id = a.partner_id
             where a.number = any(:numbers)
            """)
    List<Agreement> findByNumbers(@Bind("numbers") String[] numbers);

    /**
     * Only owner and fingerprint: a re-import compares every agreement of a feed, and needs no more.
     * One primary-key lookup per number (the lateral subquery with {@code offset 0} is not flattened
     * into a join): with {@code number = any(...)} of a 10,000-number slice PostgreSQL scanned the
     * whole table once per slice, so a re-import grew with the square of the agreements stored
     * (issue 18.4, bench/NOTES.md §27).
     */
    @SqlQuery("""
            select a.number, a.partner_id, a.fingerprint
              from unnest(cast(:numbers as text[])) as wanted(number)
              cross join lateral (select number, partner_id, fingerprint from agreement
                                   where number = wanted.number offset 0) a
            """)
    @RegisterConstructorMapper(AgreementVersion.class)
    List<AgreementVersion> versionsByNumbers(@Bind("numbers") String[] numbers);

    @SqlQuery("select number from agreement where partner_id = :partnerId")
    List<String> numbersOfPartner(@Bind("partnerId") String partnerId);

    @SqlQuery("""
            select a.number, a.partner_id, p.name as partner_name, a.tenant_id, a.customer_name, a.admin_name,
                   a.admin_email, a.notices_contact, a.locale, a.fingerprint, p.contact as partner_contact
              from agreement a
              join partner p on p.id = a.partner_id
             where lower(a.admin_email) = lower(:email)
             order by a.customer_name, a.number
            """)
    List<Agreement> findByAdminEmail(@Bind("email") String email);

    /**
     * New agreements in one COPY, started here and fed by the caller; each row: number, partner_id,
     * tenant_id, customer_name, admin_name, admin_email, notices_contact, locale, source_file,
     * source_line, fingerprint.
     */
    default CopyRows startCopy() {
        return CopyRows.start(getHandle(), """
                copy agreement (number, partner_id, tenant_id, customer_name, admin_name, admin_email, notices_contact,
                                locale, source_file, source_line, fingerprint)
                from stdin
                """);
    }

    /** Updates the agreements the partner owns, all in one statement; returns how many of them the partner owns and were updated. */
    @SqlUpdate("""
            update agreement a
               set customer_name = u.customer_name, admin_name = u.admin_name, admin_email = u.admin_email,
                   notices_contact = u.notices_contact, locale = u.locale, source_file = :sourceFile,
                   source_line = u.source_line, fingerprint = u.fingerprint, updated_at = now(),
                   undeliverable_at = case when lower(a.admin_email) is distinct from lower(u.admin_email)
                                             or lower(a.notices_contact) is distinct from lower(u.notices_contact)
                                           then null else a.undeliverable_at end
              from unnest(:numbers, :customerNames, :adminNames, :adminEmails, :noticesContacts, :locales,
                          :sourceLines, :fingerprints)
                   as u(number, customer_name, admin_name, admin_email, notices_contact, locale, source_line,
                        fingerprint)
             where a.number = u.number and a.partner_id = :partnerId
            """)
    int updateAll(@Bind("partnerId") String partnerId, @Bind("sourceFile") String sourceFile,
                  @Bind("numbers") String[] numbers, @Bind("customerNames") String[] customerNames,
                  @Bind("adminNames") String[] adminNames, @Bind("adminEmails") String[] adminEmails,
                  @Bind("noticesContacts") String[] noticesContacts, @Bind("locales") String[] locales,
                  @Bind("sourceLines") int[] sourceLines, @Bind("fingerprints") String[] fingerprints);
}
