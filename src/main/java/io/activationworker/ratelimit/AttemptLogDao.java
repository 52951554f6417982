package io.activationworker.ratelimit;

import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.sqlobject.customizer.Bind;
import org.jdbi.v3.sqlobject.statement.SqlQuery;
import org.jdbi.v3.sqlobject.statement.SqlUpdate;

/** Every statement on {@code attempt_log}: counted attempts per scope and subject, shared by all instances. */
public interface AttemptLogDao {

    @SqlUpdate("insert into attempt_log (scope, subject, at) values (:scope, :subject, :at)")
    void record(@Bind("scope") String scope, @Bind("subject") String subject, @Bind("at") Instant at);

    @SqlQuery("select count(*) from attempt_log where scope = :scope and subject = :subject and at > :since")
    int countSince(@Bind("scope") String scope, @Bind("subject") String subject, @Bind("since") Instant since);

    @SqlQuery("select min(at) from attempt_log where scope = :scope and subject = :subject and at > :since")
    Optional<Instant> oldestSince(@Bind("scope") String scope, @Bind("subject") String subject,
                                  @Bind("since") Instant since);

    @SqlUpdate("delete from attempt_log where at < :before")
    int deleteOlderThan(@Bind("before") Instant before);
}
