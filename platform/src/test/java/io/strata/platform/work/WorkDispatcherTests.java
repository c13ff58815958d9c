package io.strata.platform.work;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import org.springframework.context.SmartLifecycle;
import org.springframework.context.support.GenericApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

class WorkDispatcherTests {

	private static final QueueSettings SETTINGS = new QueueSettings(Duration.ofMinutes(1), 1, 1, 1,
			Duration.ofMinutes(10));

	@Test
	void theContextStartsAndStopsItInItsPhase() {
		CountDownLatch claimed = new CountDownLatch(1);
		WorkDispatcher dispatcher = new WorkDispatcher("test", SETTINGS, (capacity) -> {
			claimed.countDown();
			return 0;
		}).inPhase(SmartLifecycle.DEFAULT_PHASE - 100);
		assertThat(dispatcher.getPhase()).isEqualTo(SmartLifecycle.DEFAULT_PHASE - 100);
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean("dispatcher", WorkDispatcher.class, () -> dispatcher);
			context.refresh();
			assertThat(dispatcher.isRunning()).isTrue();
			assertThat(await(claimed)).as("claimed once started").isTrue();
		}
		assertThat(dispatcher.isRunning()).isFalse();
	}

	@Test
	void withoutAutoStartupTheContextLeavesItStopped() {
		WorkDispatcher dispatcher = new WorkDispatcher("test", SETTINGS, (capacity) -> 0).autoStartup(false);
		try (GenericApplicationContext context = new GenericApplicationContext()) {
			context.registerBean("dispatcher", WorkDispatcher.class, () -> dispatcher);
			context.refresh();
			assertThat(dispatcher.isRunning()).isFalse();
		}
	}

	@Test
	void stopWaitsForTheItemsInFlightWhenDraining() throws Exception {
		CountDownLatch started = new CountDownLatch(1);
		AtomicBoolean finished = new AtomicBoolean();
		WorkDispatcher[] dispatcher = new WorkDispatcher[1];
		dispatcher[0] = new WorkDispatcher("test", SETTINGS, (capacity) -> {
			if (started.getCount() == 0) {
				return 0;
			}
			dispatcher[0].started(1);
			Thread.ofVirtual().start(() -> {
				sleep(300);
				finished.set(true);
				dispatcher[0].finished(1);
			});
			started.countDown();
			return 1;
		}).drainingFor(Duration.ofSeconds(5));
		dispatcher[0].start();
		assertThat(await(started)).isTrue();
		dispatcher[0].stop();
		assertThat(finished).as("the item in flight finished before stop returned").isTrue();
		assertThat(dispatcher[0].inFlight()).isZero();
	}

	private static boolean await(CountDownLatch latch) {
		try {
			return latch.await(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
