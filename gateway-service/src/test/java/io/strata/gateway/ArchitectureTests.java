package io.strata.gateway;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The gateway's boundaries: no two feature packages depend on each other in a cycle (the
 * token-bucket arithmetic that the rate limit and the bad-credentials throttle share
 * lives in {@code tokenbucket}, so {@code security} and {@code ratelimit} do not need
 * each other both ways).
 */
@AnalyzeClasses(packages = "io.strata.gateway", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule noPackageCycles = slices().matching("io.strata.gateway.(*)..").should().beFreeOfCycles();

}
