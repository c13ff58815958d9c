package io.strata.platform.security;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.security.access.prepost.PreAuthorize;

/**
 * Only an operator of the platform ({@link Caller#isPlatformAdmin}) may call this; any
 * other caller gets 403 {@code forbidden}, a token without a tenant 403
 * {@code no-tenant}.
 */
@Target({ ElementType.METHOD, ElementType.TYPE })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@PreAuthorize("@strata.isPlatformAdmin('{scope}')")
public @interface PlatformAdmin {

	/** The scope that makes a client an operator of this service. */
	String scope();

}
