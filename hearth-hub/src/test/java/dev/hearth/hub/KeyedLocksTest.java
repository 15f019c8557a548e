package dev.hearth.hub;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

class KeyedLocksTest {

    final KeyedLocks<Path> locks = new KeyedLocks<>();

    @Test
    void aKeyIsForgottenWhenItsLastHolderLeaves() {
        for (int i = 0; i < 1000; i++) {
            try (KeyedLocks.Held held = locks.lock(Path.of("blob-" + i + ".lock"))) {
                assertThat(locks.inUse()).isEqualTo(1);
            }
        }
        assertThat(locks.inUse()).isZero();
    }

    @Test
    void twoThreadsOnOneKeyTakeTurnsAndTheKeyIsForgottenAfterBoth() throws Exception {
        Path key = Path.of("same.lock");
        CountDownLatch secondWaiting = new CountDownLatch(1);
        AtomicBoolean secondGotIn = new AtomicBoolean();
        Thread second;
        try (KeyedLocks.Held first = locks.lock(key)) {
            second = Thread.ofVirtual().start(() -> {
                secondWaiting.countDown();
                try (KeyedLocks.Held held = locks.lock(key)) {
                    secondGotIn.set(true);
                }
            });
            assertThat(secondWaiting.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(200);
            assertThat(secondGotIn).as("the second waits while the first holds the key").isFalse();
            assertThat(locks.inUse()).isEqualTo(1);
        }
        second.join(5_000);
        assertThat(secondGotIn).isTrue();
        assertThat(locks.inUse()).isZero();
    }

    @Test
    void differentKeysDoNotWaitForEachOther() throws Exception {
        try (KeyedLocks.Held a = locks.lock(Path.of("a.lock"))) {
            Thread other = Thread.ofVirtual().start(() -> locks.lock(Path.of("b.lock")).close());
            assertThat(other.join(java.time.Duration.ofSeconds(5))).isTrue();
        }
        assertThat(locks.inUse()).isZero();
    }
}
