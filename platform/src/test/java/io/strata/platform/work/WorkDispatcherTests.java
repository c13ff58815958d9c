package io.strata.platform.work;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

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
	void aStepThatClaimsNothingWaitsForThePollIntervalBeforeClaimingAgain() throws Exception {
		// a step that reports started(0) and finished(0) for an empty claim, as the
		// notification service's recoveries do
		AtomicInteger claims = new AtomicInteger();
		CountDownLatch first = new CountDownLatch(1);
		CountDownLatch second = new CountDownLatch(2);
		WorkDispatcher[] dispatcher = new WorkDispatcher[1];
		dispatcher[0] = new WorkDispatcher("test",
				new QueueSettings(Duration.ofMinutes(1), 10, 10, 10, Duration.ofMinutes(10)), (capacity) -> {
					dispatcher[0].started(0);
					dispatcher[0].finished(0);
					claims.incrementAndGet();
					first.countDown();
					second.countDown();
					return 0;
				});
		dispatcher[0].start();
		try {
			assertThat(await(first)).isTrue();
			sleep(500);
			assertThat(claims).as("claims while nothing is due and nothing woke it").hasValue(1);
			dispatcher[0].wakeUp();
			assertThat(await(second)).as("a wake-up still claims at once").isTrue();
		}
		finally {
			dispatcher[0].stop();
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

	@Test
	void wakeUpsWhileItemsAreInFlightAreCoalescedIntoOneClaim() throws Exception {
		QueueSettings settings = new QueueSettings(Duration.ofMinutes(1), 10, 100, 1, Duration.ofMinutes(10));
		AtomicInteger claims = new AtomicInteger();
		CountDownLatch idle = new CountDownLatch(1);
		CountDownLatch again = new CountDownLatch(1);
		WorkDispatcher[] dispatcher = new WorkDispatcher[1];
		dispatcher[0] = new WorkDispatcher("test", settings, (capacity) -> {
			int claim = claims.incrementAndGet();
			if (claim == 1) {
				dispatcher[0].started(10);
				return 10;
			}
			(claim == 2 ? idle : again).countDown();
			return 0;
		}).coalescingFor(Duration.ofSeconds(5));
		dispatcher[0].start();
		try {
			assertThat(await(idle)).as("nothing more due: it waits").isTrue();
			// one by one, each a wake-up (without coalescing, each would be a claim)
			for (int i = 0; i < 10; i++) {
				dispatcher[0].finished(1);
				sleep(10);
			}
			assertThat(await(again, 10)).as("claims again once slots freed").isTrue();
			sleep(500);
			assertThat(claims).as("ten freed slots, one claim").hasValue(3);
		}
		finally {
			dispatcher[0].stop();
		}
	}

	@Test
	void anIdleDispatcherClaimsAtOnceWhenWokenEvenWhenCoalescing() {
		CountDownLatch claimed = new CountDownLatch(2);
		WorkDispatcher dispatcher = new WorkDispatcher("test", SETTINGS, (capacity) -> {
			claimed.countDown();
			return 0;
		}).coalescingFor(Duration.ofMinutes(10));
		dispatcher.start();
		try {
			sleep(100);
			dispatcher.wakeUp();
			assertThat(await(claimed)).as("claimed when woken, not after the coalescing time").isTrue();
		}
		finally {
			dispatcher.stop();
		}
	}

	private static boolean await(CountDownLatch latch) {
		return await(latch, 5);
	}

	private static boolean await(CountDownLatch latch, int seconds) {
		try {
			return latch.await(seconds, TimeUnit.SECONDS);
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
