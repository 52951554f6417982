package io.activationworker.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What a test's world is built from: set up before each test and torn down after it when
 * registered on an instance field ({@code @RegisterExtension final RelayExtension relay = …}), or
 * once for the whole class when registered on a static field.
 */
abstract class Fixture implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback {

    /** JUnit calls beforeAll only on an extension registered on a static field. */
    private boolean perClass;

    protected abstract void open();

    protected abstract void close();

    @Override
    public final void beforeAll(ExtensionContext context) {
        perClass = true;
        open();
    }

    @Override
    public final void afterAll(ExtensionContext context) {
        close();
    }

    @Override
    public final void beforeEach(ExtensionContext context) {
        if (!perClass) {
            open();
        }
    }

    @Override
    public final void afterEach(ExtensionContext context) {
        if (!perClass) {
            close();
        }
    }
}
