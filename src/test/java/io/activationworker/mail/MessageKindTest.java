package io.activationworker.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class MessageKindTest {

    @ParameterizedTest
    @EnumSource(MessageKind.class)
    void the_database_name_round_trips_and_names_a_template_folder(MessageKind kind) {
        assertThat(kind.dbName()).isEqualTo(kind.name().toLowerCase());
        assertThat(MessageKind.fromDbName(kind.dbName())).isEqualTo(kind);
        assertThat(Files.isDirectory(Path.of("templates", "mail", kind.dbName()))).isTrue();
    }

    @Test
    void an_unknown_database_name_is_refused_with_the_name() {
        assertThatThrownBy(() -> MessageKind.fromDbName("ACTIVATION_LINK"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ACTIVATION_LINK");
    }
}
