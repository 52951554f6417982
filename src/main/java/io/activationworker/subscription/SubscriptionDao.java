package io.activationworker.subscription;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code subscription}. */
@RegisterConstructorMapper(Subscription.class)
public interface SubscriptionDao {

    /** Locks the row so a concurrent redemption of the same subscription waits. */
    @SqlQuery("""
            select id, tenant_id, customer_name, product, seats, start_date, end_date, state
              from subscription
             where id = :id
             for update
            """)
    Optional<Subscription> lock(@Bind("id") long id);

    @SqlQuery("""
            select id, tenant_id, customer_name, product, seats, start_date, end_date, state
              from subscription
             where id = :id
            """)
    Optional<Subscription> findById(@Bind("id") long id);

    @SqlQuery("""
            select id, tenant_id, customer_name, product, seats, start_date, end_date, state
              from subscription
             where tenant_id = any(:tenants)
             order by customer_name, tenant_id, product
            """)
    List<Subscription> findByTenants(@Bind("tenants") String[] tenants);

    @SqlUpdate("""
            update subscription set seats = :seats, end_date = :endDate, state = 'active', updated_at = now()
             where id = :id
            """)
    void update(@Bind("id") long id, @Bind("seats") int seats, @Bind("endDate") LocalDate endDate);
}
