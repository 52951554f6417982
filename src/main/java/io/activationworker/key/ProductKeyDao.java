package io.activationworker.key;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import io.activationworker.db.CopyRows;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code product_key}. */
@RegisterConstructorMapper(StoredKey.class)
public interface ProductKeyDao extends SqlObject {

    @SqlQuery("""
            select id, key_hash, last_five, product, seats, term_months, channel, state, partner_id,
                   agreement_number, redeem_by
              from product_key
             where key_hash = any(:hashes)
            """)
    List<StoredKey> findByHashes(@Bind("hashes") byte[][] hashes);

    @SqlQuery("""
            select id, key_hash, last_five, product, seats, term_months, channel, state, partner_id,
                   agreement_number, redeem_by
              from product_key
             where key_hash = :hash
            """)
    Optional<StoredKey> findByHash(@Bind("hash") byte[] hash);

    @SqlQuery("""
            select id, key_hash, last_five, product, seats, term_months, channel, state, partner_id,
                   agreement_number, redeem_by
              from product_key
             where agreement_number = :number and state = 'unused'
             order by id
            """)
    List<StoredKey> unusedOfAgreement(@Bind("number") String number);

    @SqlQuery("""
            select id, key_hash, last_five, product, seats, term_months, channel, state, partner_id,
                   agreement_number, redeem_by
              from product_key
             where id = any(:ids)
             order by id
            """)
    List<StoredKey> findByIds(@Bind("ids") long[] ids);

    @SqlUpdate("""
            insert into product_key (key_hash, last_five, product, seats, term_months, channel, partner_id,
                                     agreement_number, redeem_by)
            values (:hash, :lastFive, :product, :seats, :termMonths, :channel, :partnerId, :agreementNumber, :redeemBy)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("hash") byte[] hash, @Bind("lastFive") String lastFive, @Bind("product") String product,
                @Bind("seats") int seats, @Bind("termMonths") int termMonths, @Bind("channel") KeyChannel channel,
                @Bind("partnerId") String partnerId, @Bind("agreementNumber") String agreementNumber,
                @Bind("redeemBy") LocalDate redeemBy);

    /** {@code count} new key ids, taken from the sequence, for rows written with {@link #startCopy}. */
    @SqlQuery("select nextval('product_key_id_seq') from generate_series(1, :count)")
    List<Long> reserveIds(@Bind("count") int count);

    /**
     * Keys in one COPY, started here and fed by the caller; each row: id (from {@link #reserveIds}),
     * key_hash, last_five, product, seats, term_months, channel, partner_id, agreement_number, redeem_by.
     */
    default CopyRows startCopy() {
        return CopyRows.start(getHandle(), """
                copy product_key (id, key_hash, last_five, product, seats, term_months, channel, partner_id,
                                  agreement_number, redeem_by)
                from stdin
                """);
    }

    @SqlQuery("""
            select id, key_hash, last_five, product, seats, term_months, channel, state, partner_id,
                   agreement_number, redeem_by
              from product_key
             where agreement_number = any(:numbers) and state = 'unused'
             order by id
            """)
    List<StoredKey> unusedOfAgreements(@Bind("numbers") String[] numbers);

    /** unused → redeemed, once: 0 rows means someone else redeemed it first. */
    @SqlUpdate("update product_key set state = 'redeemed', redeemed_at = :at where id = :id and state = 'unused'")
    int markRedeemed(@Bind("id") long id, @Bind("at") Instant at);
}
