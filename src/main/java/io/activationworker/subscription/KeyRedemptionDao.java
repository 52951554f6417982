package io.activationworker.subscription;

import java.time.Instant;
import java.time.LocalDate;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** The record of what a redeemed key did; one row per key, ever (the primary key says so). */
public interface KeyRedemptionDao {

    @SqlUpdate("""
            insert into key_redemption (key_id, subscription_id, action, admin_email, seats_before, seats_after,
                                        end_before, end_after, redeemed_at)
            values (:keyId, :subscriptionId, :action, :adminEmail, :seatsBefore, :seatsAfter, :endBefore, :endAfter, :at)
            """)
    void insert(@Bind("keyId") long keyId, @Bind("subscriptionId") long subscriptionId, @Bind("action") String action,
                @Bind("adminEmail") String adminEmail, @Bind("seatsBefore") Integer seatsBefore,
                @Bind("seatsAfter") int seatsAfter, @Bind("endBefore") LocalDate endBefore,
                @Bind("endAfter") LocalDate endAfter, @Bind("at") Instant at);
}
