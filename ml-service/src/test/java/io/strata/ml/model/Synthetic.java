package io.strata.ml.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Synthetic training sets whose answers are known. */
final class Synthetic {

	private Synthetic() {
	}

	/**
	 * Fraud is an amount above 500 from country "xx", or any amount above 900: separable
	 * by a few splits, and by a line in (amount, country) up to the few rows near it.
	 */
	static List<Map<String, Object>> separable(int count, Random random) {
		List<Map<String, Object>> rows = new ArrayList<>();
		String[] countries = { "de", "fr", "xx" };
		for (int i = 0; i < count; i++) {
			double amount = Math.round(random.nextDouble() * 1000);
			String country = countries[random.nextInt(countries.length)];
			boolean fraud = amount > 900 || (amount > 500 && country.equals("xx"));
			rows.add(Map.of("amount", amount, "country", country, "verified", random.nextBoolean(), "fraud", fraud));
		}
		return rows;
	}

	/** A price of 3 per size unit and 20 per room, with noise. */
	static List<Map<String, Object>> linear(int count, Random random) {
		List<Map<String, Object>> rows = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			double size = 20 + random.nextInt(200);
			double rooms = 1 + random.nextInt(6);
			rows.add(Map.of("size", size, "rooms", rooms, "price", 3 * size + 20 * rooms + random.nextGaussian() * 5));
		}
		return rows;
	}

}
