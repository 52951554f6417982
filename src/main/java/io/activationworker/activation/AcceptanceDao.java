package io.activationworker.activation;

import java.util.List;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;

/** What each accepted link did (the acceptance record itself is written by {@link AcceptDao}, in the accept's statement). */
@RegisterConstructorMapper(ActivatedProduct.class)
public interface AcceptanceDao {

    /** What the keys of an accepted link did to the subscriptions. */
    @SqlQuery("""
            select k.product, s.seats as seats_now, r.seats_after, r.end_after, s.start_date, s.end_date
              from activation_link_key lk
              join key_redemption r on r.key_id = lk.key_id
              join subscription s on s.id = r.subscription_id
              join product_key k on k.id = lk.key_id
             where lk.link_id = :linkId
             order by k.product, k.id
            """)
    List<ActivatedProduct> activatedProducts(@Bind("linkId") long linkId);
}
