package io.strata.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.strata.sdk.FakeServer.Reply;
import io.strata.sdk.model.Resource;

class PaginationTest {

	private FakeServer server;

	private Strata strata;

	@BeforeEach
	void start() throws IOException {
		this.server = new FakeServer();
		this.strata = Strata.builder().baseUrl(this.server.url()).apiKey("sk_test").build();
		this.server.then(Reply.json(200, "{\"items\":[{\"id\":\"a\"},{\"id\":\"b\"}],\"next_page_token\":\"p2\"}"))
			.then(Reply.json(200, "{\"items\":[{\"id\":\"c\"},{\"id\":\"d\"}],\"next_page_token\":\"p3\"}"))
			.then(Reply.json(200, "{\"items\":[{\"id\":\"e\"}],\"next_page_token\":null}"));
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void iteratesOverEveryPage() {
		List<String> ids = new ArrayList<>();
		for (Resource resource : this.strata.resources()
			.list(ListParams.filter("type = \"ticket\"").orderBy("created_at desc").pageSize(2))) {
			ids.add(resource.getId());
		}
		assertEquals(List.of("a", "b", "c", "d", "e"), ids);
		List<String> queries = this.server.requests.stream()
			.map((r) -> URLDecoder.decode(r.query(), StandardCharsets.UTF_8))
			.toList();
		assertEquals(List.of("filter=type = \"ticket\"&order_by=created_at desc&page_size=2",
				"filter=type = \"ticket\"&order_by=created_at desc&page_size=2&page_token=p2",
				"filter=type = \"ticket\"&order_by=created_at desc&page_size=2&page_token=p3"), queries);
	}

	@Test
	void streamsLazily() {
		List<String> firstThree = this.strata.resources().list().stream().limit(3).map(Resource::getId).toList();
		assertEquals(List.of("a", "b", "c"), firstThree);
		assertEquals(2, this.server.requests.size(), "the third page was not fetched");
	}

	@Test
	void pagesOneByOne() {
		List<Integer> sizes = new ArrayList<>();
		for (Page<Resource> page : this.strata.resources().list().pages()) {
			sizes.add(page.items().size());
		}
		assertEquals(List.of(2, 2, 1), sizes);
	}

	@Test
	void anEmptyListEndsAtOnce() throws IOException {
		try (FakeServer empty = new FakeServer()) {
			empty.then(Reply.json(200, "{\"items\":[],\"next_page_token\":null}"));
			Strata client = Strata.builder().baseUrl(empty.url()).apiKey("sk_test").build();
			assertTrue(client.webhooks().list().stream().findAny().isEmpty());
			assertEquals(1, empty.requests.size());
		}
	}

}
