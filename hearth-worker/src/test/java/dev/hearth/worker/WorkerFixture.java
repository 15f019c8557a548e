package dev.hearth.worker;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.nio.file.Path;

/** One worker per test class, serving the tests' tiny chat model on a random port. */
public class WorkerFixture implements BeforeAllCallback, AfterAllCallback {

    private static Path model;
    static Worker worker;
    static Http http;

    static synchronized Path model() {
        if (model == null) model = TestModels.chatModel();
        return model;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        worker = Worker.start(TestModels.options(model()));
        http = new Http("http://127.0.0.1:" + worker.port());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        worker.close();
    }
}
