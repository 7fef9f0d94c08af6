package dev.ganforge.jobs;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.UUID;

import jakarta.validation.constraints.NotEmpty;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * What this node does, bound from {@code ganforge.node.*}.
 *
 * @param roles {@code api} (serves HTTP: jobs are submitted, read and cancelled here) and
 * {@code worker} (claims queued jobs and trains them, at most
 * {@code ganforge.jobs.max-concurrent} at once); both by default. A node without
 * {@code worker} never trains.
 * @param id the node's name in the leases it holds; by default host, process id and a
 * random part, so that a restarted node is a new one
 */
@ConfigurationProperties("ganforge.node")
@Validated
public record NodeSettings(@NotEmpty @DefaultValue( {
		"api", "worker" }) Set<Role> roles, String id){

	/**
	 * The default id when none is set.
	 */
	public NodeSettings {
		if (id == null || id.isBlank()) {
			id = host() + "-" + ManagementFactory.getRuntimeMXBean().getPid() + "-"
					+ UUID.randomUUID().toString().substring(0, 8);
		}
	}

	boolean isWorker() {
		return this.roles.contains(Role.WORKER);
	}

	private static String host() {
		try {
			return InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			return "node";
		}
	}

	/**
	 * A node's roles.
	 */
	public enum Role {

		API, WORKER

	}

}
