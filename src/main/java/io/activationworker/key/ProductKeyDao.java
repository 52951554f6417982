package io.activationworker.key;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code product_key}. */
@RegisterConstructorMapper(StoredKey.class)
public interface ProductKeyDao {

    String COLUMNS = """
            id, key_hash, last_five, product, seats, term_months, channel, state, partner_id,
            agreement_number, redeem_by
            """;

    @SqlQuery("select " + COLUMNS + " from product_key where key_hash = any(:hashes)")
    List<StoredKey> findByHashes(@Bind("hashes") byte[][] hashes);

    @SqlQuery("select " + COLUMNS + " from product_key where key_hash = :hash")
    Optional<StoredKey> findByHash(@Bind("hash") byte[] hash);

    @SqlQuery("select " + COLUMNS + " from product_key where agreement_number = :number and state = 'unused' order by id")
    List<StoredKey> unusedOfAgreement(@Bind("number") String number);

    @SqlQuery("select " + COLUMNS + " from product_key where id = any(:ids) order by id")
    List<StoredKey> findByIds(@Bind("ids") long[] ids);

    @SqlUpdate("""
            insert into product_key (key_hash, last_five, product, seats, term_months, channel, partner_id,
                                     agreement_number, redeem_by)
            values (:hash, :lastFive, :product, :seats, :termMonths, :channel, :partnerId, :agreementNumber, :redeemBy)
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("hash") byte[] hash, @Bind("lastFive") String lastFive, @Bind("product") String product,
                @Bind("seats") int seats, @Bind("termMonths") int termMonths, @Bind("channel") String channel,
                @Bind("partnerId") String partnerId, @Bind("agreementNumber") String agreementNumber,
                @Bind("redeemBy") LocalDate redeemBy);

    /**
     * {@link #insert} for many keys of one partner and channel in one statement; returns the new rows.
     * {@code redeemBy} holds ISO dates or nulls.
     */
    @SqlQuery("""
            insert into product_key (key_hash, last_five, product, seats, term_months, channel, partner_id,
                                     agreement_number, redeem_by)
            select k.key_hash, k.last_five, k.product, k.seats, k.term_months, :channel, :partnerId,
                   k.agreement_number, k.redeem_by::date
              from unnest(:hashes, :lastFives, :products, :seats, :termMonths, :agreementNumbers, :redeemBy)
                   as k(key_hash, last_five, product, seats, term_months, agreement_number, redeem_by)
            returning """ + " " + COLUMNS)
    List<StoredKey> insertAll(@Bind("hashes") byte[][] hashes, @Bind("lastFives") String[] lastFives,
                              @Bind("products") String[] products, @Bind("seats") int[] seats,
                              @Bind("termMonths") int[] termMonths, @Bind("channel") String channel,
                              @Bind("partnerId") String partnerId, @Bind("agreementNumbers") String[] agreementNumbers,
                              @Bind("redeemBy") String[] redeemBy);

    @SqlQuery("select " + COLUMNS + " from product_key where agreement_number = any(:numbers) and state = 'unused' order by id")
    List<StoredKey> unusedOfAgreements(@Bind("numbers") String[] numbers);

    /** unused → redeemed, once: 0 rows means someone else redeemed it first. */
    @SqlUpdate("update product_key set state = 'redeemed', redeemed_at = :at where id = :id and state = 'unused'")
    int markRedeemed(@Bind("id") long id, @Bind("at") Instant at);
}
