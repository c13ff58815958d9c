package io.strata.ml;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The service's boundaries: no two feature packages depend on each other in a cycle. */
@AnalyzeClasses(packages = "io.strata.ml", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchRule noPackageCycles = slices().matching("io.strata.ml.(*)..").should().beFreeOfCycles();

}
