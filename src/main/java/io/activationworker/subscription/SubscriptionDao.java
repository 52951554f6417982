package io.activationworker.subscription;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.sqlobject.config.RegisterConstructorMapper;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.GetGeneratedKeys;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code subscription}. */
@RegisterConstructorMapper(Subscription.class)
public interface SubscriptionDao {

    String COLUMNS = "id, tenant_id, customer_name, product, seats, start_date, end_date, state";

    /** Locks the row so a concurrent activation or redemption of the same subscription waits. */
    @SqlQuery("select " + COLUMNS + " from subscription where tenant_id = :tenantId and product = :product for update")
    Optional<Subscription> lockByTenantAndProduct(@Bind("tenantId") String tenantId, @Bind("product") String product);

    @SqlQuery("select " + COLUMNS + " from subscription where id = :id for update")
    Optional<Subscription> lock(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from subscription where id = :id")
    Optional<Subscription> findById(@Bind("id") long id);

    @SqlQuery("select " + COLUMNS + " from subscription where tenant_id = any(:tenants) order by customer_name, tenant_id, product")
    List<Subscription> findByTenants(@Bind("tenants") String[] tenants);

    @SqlUpdate("""
            insert into subscription (tenant_id, customer_name, product, seats, start_date, end_date, state)
            values (:tenantId, :customerName, :product, :seats, :startDate, :endDate, 'active')
            """)
    @GetGeneratedKeys("id")
    long insert(@Bind("tenantId") String tenantId, @Bind("customerName") String customerName,
                @Bind("product") String product, @Bind("seats") int seats, @Bind("startDate") LocalDate startDate,
                @Bind("endDate") LocalDate endDate);

    @SqlUpdate("""
            update subscription set seats = :seats, end_date = :endDate, state = 'active', updated_at = now()
             where id = :id
            """)
    void update(@Bind("id") long id, @Bind("seats") int seats, @Bind("endDate") LocalDate endDate);
}
