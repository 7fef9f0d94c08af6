package dev.ganforge.web;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.servlet.HandlerExceptionResolver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The filter's decisions for every group setting and key state, without a server.
 */
class ApiKeyFilterTests {

	private static final String KEY = "0123456789abcdef0123";

	@ParameterizedTest
	@CsvSource({ "GET,/generate,GENERATION", "POST,/generate,GENERATION", "POST,/interpolate,GENERATION",
			"POST,/latents/arithmetic,GENERATION", "GET,/models,READS", "GET,/jobs/x/samples,READS",
			"OPTIONS,/jobs,READS", "GET,/actuator/health,READS", "POST,/jobs,MUTATIONS",
			"POST,/jobs/x/cancel,MUTATIONS", "POST,/jobs/x/resume,MUTATIONS", "DELETE,/models/x,MUTATIONS",
			"PUT,/models/default,MUTATIONS", "POST,/models/x/evaluations,MUTATIONS", "PUT,/generate,MUTATIONS",
			"POST,/generate/,MUTATIONS", "POST,/Generate,MUTATIONS", "POST,/whatever,MUTATIONS",
			"PATCH,/models/x,MUTATIONS", "POST,/gen%65rate,GENERATION", "GET,/generate;x=1,GENERATION" })
	void requestsFallIntoGroupsByMethodAndPath(String method, String uri, EndpointGroup group) {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		assertThat(EndpointGroup.of(method,
				org.springframework.web.util.UrlPathHelper.defaultInstance.getPathWithinApplication(request)))
			.isEqualTo(group);
	}

	@Test
	void everyGroupCanBeProtectedOrOpened() throws Exception {
		SecuritySettings all = settings(List.of(KEY), new SecuritySettings.Protect(true, true, true));
		assertThat(status(all, "GET", "/models", null)).isEqualTo(401);
		assertThat(status(all, "GET", "/generate", null)).isEqualTo(401);
		assertThat(status(all, "GET", "/generate", KEY)).isEqualTo(200);
		SecuritySettings none = settings(List.of(KEY), new SecuritySettings.Protect(false, false, false));
		assertThat(status(none, "DELETE", "/models/x", null)).isEqualTo(200);
		SecuritySettings defaults = settings(List.of(KEY), new SecuritySettings.Protect(true, false, false));
		assertThat(status(defaults, "GET", "/models", null)).isEqualTo(200);
		assertThat(status(defaults, "POST", "/generate", null)).isEqualTo(200);
		assertThat(status(defaults, "POST", "/jobs", null)).isEqualTo(401);
		assertThat(status(defaults, "POST", "/jobs", KEY)).isEqualTo(200);
	}

	@Test
	void withoutAKeyProtectedGroupsFollowTheWithoutKeySetting() throws Exception {
		SecuritySettings.Protect protect = new SecuritySettings.Protect(true, false, false);
		SecuritySettings loopback = new SecuritySettings("X-API-Key", List.of(""), protect,
				SecuritySettings.WithoutKey.LOOPBACK, List.of());
		assertThat(loopback.hasKeys()).isFalse();
		assertThat(status(loopback, "POST", "/jobs", null, "127.0.0.1")).isEqualTo(200);
		assertThat(status(loopback, "POST", "/jobs", null, "0:0:0:0:0:0:0:1")).isEqualTo(200);
		assertThat(status(loopback, "POST", "/jobs", null, "192.0.2.7")).isEqualTo(403);
		assertThat(status(loopback, "GET", "/jobs", null, "192.0.2.7")).isEqualTo(200);
		SecuritySettings open = new SecuritySettings("X-API-Key", List.of(), protect, SecuritySettings.WithoutKey.OPEN,
				List.of());
		assertThat(status(open, "POST", "/jobs", null, "192.0.2.7")).isEqualTo(200);
		SecuritySettings refuse = new SecuritySettings("X-API-Key", List.of(), protect,
				SecuritySettings.WithoutKey.REFUSE, List.of());
		assertThat(status(refuse, "POST", "/jobs", null, "127.0.0.1")).isEqualTo(403);
	}

	@Test
	void aForwardedRequestIsNeverLoopbackWithoutAKey() throws Exception {
		SecuritySettings loopback = new SecuritySettings("X-API-Key", List.of(""),
				new SecuritySettings.Protect(true, false, false), SecuritySettings.WithoutKey.LOOPBACK, List.of());
		for (String header : List.of("X-Forwarded-For", "Forwarded", "X-Real-IP")) {
			MockHttpServletRequest request = new MockHttpServletRequest("POST", "/jobs");
			request.setRemoteAddr("127.0.0.1");
			request.addHeader(header, "127.0.0.1");
			MockHttpServletResponse response = new MockHttpServletResponse();
			new ApiKeyFilter(loopback, refusals()).doFilter(request, response, new MockFilterChain());
			assertThat(response.getStatus()).as(header).isEqualTo(403);
		}
	}

	@Test
	void withoutAKeyACrossSiteOrRebindingRequestFromThisHostIsRefused() throws Exception {
		SecuritySettings loopback = new SecuritySettings("X-API-Key", List.of(),
				new SecuritySettings.Protect(true, false, false), SecuritySettings.WithoutKey.LOOPBACK,
				List.of("ganforge.lan"));
		assertThat(browser(loopback, "POST", "/jobs/x/cancel", "localhost", 8080, "cross-site", "http://evil.example"))
			.isEqualTo(403);
		assertThat(browser(loopback, "POST", "/jobs", "localhost", 8080, "same-site", null)).isEqualTo(403);
		assertThat(browser(loopback, "POST", "/jobs", "localhost", 8080, null, "http://evil.example")).isEqualTo(403);
		assertThat(browser(loopback, "POST", "/jobs", "localhost", 8080, null, "null")).isEqualTo(403);
		assertThat(browser(loopback, "POST", "/jobs", "localhost", 8080, null, "http://localhost:3000")).isEqualTo(403);
		assertThat(browser(loopback, "POST", "/jobs", "rebinding.example", 8080, null, null)).isEqualTo(403);
		// The dashboard, curl, and a name the operator allowed.
		assertThat(browser(loopback, "POST", "/jobs", "localhost", 8080, "same-origin", "http://localhost:8080"))
			.isEqualTo(200);
		assertThat(browser(loopback, "POST", "/jobs", "127.0.0.1", 8080, "same-origin", "http://127.0.0.1:8080"))
			.isEqualTo(200);
		assertThat(browser(loopback, "POST", "/jobs", "::1", 8080, null, "http://[::1]:8080")).isEqualTo(200);
		assertThat(browser(loopback, "POST", "/jobs", "localhost", 8080, "none", null)).isEqualTo(200);
		assertThat(browser(loopback, "POST", "/jobs", "localhost", 8080, null, null)).isEqualTo(200);
		assertThat(browser(loopback, "POST", "/jobs", "ganforge.lan", 80, "same-origin", "http://ganforge.lan"))
			.isEqualTo(200);
		// Reads stay open; with a key a browser cannot send the header cross-site.
		assertThat(browser(loopback, "GET", "/jobs", "rebinding.example", 8080, "cross-site", "http://evil.example"))
			.isEqualTo(200);
		SecuritySettings keyed = new SecuritySettings("X-API-Key", List.of(KEY),
				new SecuritySettings.Protect(true, false, false), SecuritySettings.WithoutKey.LOOPBACK, List.of());
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/jobs");
		request.setServerName("rebinding.example");
		request.addHeader("Sec-Fetch-Site", "cross-site");
		request.addHeader("X-API-Key", KEY);
		MockHttpServletResponse response = new MockHttpServletResponse();
		new ApiKeyFilter(keyed, refusals()).doFilter(request, response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(200);
	}

	@Test
	void loopbackNamesAreLocalhostAndLoopbackLiterals() {
		assertThat(ApiKeyFilter.isLoopbackName("localhost")).isTrue();
		assertThat(ApiKeyFilter.isLoopbackName("LOCALHOST")).isTrue();
		assertThat(ApiKeyFilter.isLoopbackName("app.localhost")).isTrue();
		assertThat(ApiKeyFilter.isLoopbackName("127.0.0.1")).isTrue();
		assertThat(ApiKeyFilter.isLoopbackName("[::1]")).isTrue();
		assertThat(ApiKeyFilter.isLoopbackName("localhost.evil.example")).isFalse();
		assertThat(ApiKeyFilter.isLoopbackName("evil-localhost")).isFalse();
		assertThat(ApiKeyFilter.isLoopbackName("10.0.0.1")).isFalse();
		assertThat(ApiKeyFilter.isLoopbackName(null)).isFalse();
	}

	@Test
	void onlyLoopbackLiteralsCountAsThisHost() {
		assertThat(ApiKeyFilter.isLoopback("127.0.0.1")).isTrue();
		assertThat(ApiKeyFilter.isLoopback("127.8.9.10")).isTrue();
		assertThat(ApiKeyFilter.isLoopback("::1")).isTrue();
		assertThat(ApiKeyFilter.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
		assertThat(ApiKeyFilter.isLoopback("::ffff:127.0.0.1")).isTrue();
		assertThat(ApiKeyFilter.isLoopback("10.0.0.1")).isFalse();
		assertThat(ApiKeyFilter.isLoopback("localhost")).isFalse();
		assertThat(ApiKeyFilter.isLoopback("fe80::1")).isFalse();
		assertThat(ApiKeyFilter.isLoopback("")).isFalse();
		assertThat(ApiKeyFilter.isLoopback(null)).isFalse();
	}

	@Test
	void shortKeysAreRefusedWithoutQuotingThemAndToStringHidesKeys() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> settings(List.of(KEY, "short-secret"), new SecuritySettings.Protect(true, false, false)))
			.withMessageContaining("key 2 of 2")
			.withMessageNotContaining("short-secret");
		assertThatIllegalArgumentException().isThrownBy(
				() -> settings(List.of("has a space in it, long"), new SecuritySettings.Protect(true, false, false)))
			.withMessageNotContaining("has a space");
		assertThat(settings(List.of(KEY), new SecuritySettings.Protect(true, false, false)).toString())
			.doesNotContain(KEY)
			.contains("1 configured");
	}

	@Test
	void theHeaderNameIsConfigurable() throws Exception {
		SecuritySettings custom = new SecuritySettings("X-GanForge-Key", List.of(KEY),
				new SecuritySettings.Protect(true, false, false), SecuritySettings.WithoutKey.LOOPBACK, List.of());
		MockHttpServletRequest request = new MockHttpServletRequest("POST", "/jobs");
		request.addHeader("X-GanForge-Key", KEY);
		MockHttpServletResponse response = new MockHttpServletResponse();
		new ApiKeyFilter(custom, refusals()).doFilter(request, response, new MockFilterChain());
		assertThat(response.getStatus()).isEqualTo(200);
		assertThat(status(custom, "POST", "/jobs", KEY)).isEqualTo(401);
	}

	private static SecuritySettings settings(List<String> keys, SecuritySettings.Protect protect) {
		return new SecuritySettings("X-API-Key", keys, protect, SecuritySettings.WithoutKey.LOOPBACK, List.of());
	}

	private static int status(SecuritySettings settings, String method, String uri, String key) throws Exception {
		return status(settings, method, uri, key, "127.0.0.1");
	}

	private static int status(SecuritySettings settings, String method, String uri, String key, String remote)
			throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setRemoteAddr(remote);
		if (key != null) {
			request.addHeader("X-API-Key", key);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		new ApiKeyFilter(settings, refusals()).doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

	private static int browser(SecuritySettings settings, String method, String uri, String host, int port,
			String fetchSite, String origin) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest(method, uri);
		request.setRemoteAddr("127.0.0.1");
		request.setServerName(host);
		request.setServerPort(port);
		if (fetchSite != null) {
			request.addHeader("Sec-Fetch-Site", fetchSite);
		}
		if (origin != null) {
			request.addHeader("Origin", origin);
		}
		MockHttpServletResponse response = new MockHttpServletResponse();
		new ApiKeyFilter(settings, refusals()).doFilter(request, response, new MockFilterChain());
		return response.getStatus();
	}

	/** Writes the refusal's status, as the advice would. */
	private static HandlerExceptionResolver refusals() {
		return (request, response, handler, ex) -> {
			response.setStatus(((AccessRefusedException) ex).getStatusCode().value());
			return new org.springframework.web.servlet.ModelAndView();
		};
	}

}
