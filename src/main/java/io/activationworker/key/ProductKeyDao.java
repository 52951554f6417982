package io.activationworker.key;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import io.activationworker.db.CopyRows;
import org.jdbi.v3.sqlobject.SqlObject;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
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

    /** {@code count} new key ids, taken from the sequence, for the keys written with {@link #insertAll}. */
    @SqlQuery("select nextval('product_key_id_seq') from generate_series(1, :count)")
    List<Long> reserveIds(@Bind("count") int count);

    /**
     * Writes new keys, each with an id from {@link #reserveIds}, in one COPY on the caller's handle
     * and transaction: the one write path of {@code product_key}, for a feed chunk's thousands of
     * agreement keys and its few retail keys alike. COPY is what keeps a large import fast (see
     * {@link CopyRows}); the rows stream to PostgreSQL as they are written. The state is the
     * column's default, {@code unused}.
     */
    default void insertAll(List<StoredKey> keys) {
        try (CopyRows rows = CopyRows.start(getHandle(), """
                copy product_key (id, key_hash, last_five, product, seats, term_months, channel, partner_id,
                                  agreement_number, redeem_by)
                from stdin
                """)) {
            for (StoredKey k : keys) {
                rows.number(k.id()).bytes(k.keyHash()).text(k.lastFive()).text(k.product()).number(k.seats())
                        .number(k.termMonths()).text(k.channel().name()).text(k.partnerId())
                        .text(k.agreementNumber()).date(k.redeemBy())
                        .endRow();
            }
            rows.finish();
        }
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
