package io.strata.notification;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

import io.strata.testsupport.ServiceBoundaries;

/**
 * The service's boundaries ({@link ServiceBoundaries}): no two feature packages depend on
 * each other in a cycle, and controllers hold no SQL.
 */
@AnalyzeClasses(packages = "io.strata.notification", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

	@ArchTest
	static final ArchTests boundaries = ArchTests.in(ServiceBoundaries.class);

}
