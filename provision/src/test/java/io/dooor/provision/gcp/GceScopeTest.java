package io.dooor.provision.gcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.api.gax.core.FixedCredentialsProvider;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.InstancesSettings;
import io.dooor.common.SecretBytes;
import io.dooor.core.TeeType;
import io.dooor.provision.CloudSpecs;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderException;
import io.dooor.provision.RestRecordingEndpoint;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Least privilege made checkable (issue 14), for GCP: the Compute Engine adapter runs through
 * Google's real Java client against a local endpoint recording its requests (not a real project).
 * The test asserts the exact requests, derives the IAM permissions they need by Compute Engine's
 * documented rules, and fails if that set differs either way from the generated custom role.
 */
class GceScopeTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static RestRecordingEndpoint.Reply reply(RestRecordingEndpoint.Request r) {
    if (r.path().endsWith("/instances/gone-1")) {
      return new RestRecordingEndpoint.Reply(
          404,
          Map.of(),
          "{\"error\":{\"code\":404,\"message\":\"not found\",\"errors\":[{\"reason\":\"notFound\"}]}}");
    }
    if (r.path().endsWith("/instances/denied-1")) {
      return new RestRecordingEndpoint.Reply(
          403,
          Map.of(),
          "{\"error\":{\"code\":403,\"message\":\"Required 'compute.instances.delete'\"}}");
    }
    String type = "POST".equals(r.method()) ? "insert" : "delete";
    return new RestRecordingEndpoint.Reply(
        200,
        Map.of(),
        "{\"kind\":\"compute#operation\",\"id\":\"4411\",\"name\":\"operation-"
            + type
            + "-1\",\"operationType\":\""
            + type
            + "\",\"status\":\"RUNNING\"}");
  }

  private static InstancesClient client(RestRecordingEndpoint endpoint) throws Exception {
    GoogleCredentials creds =
        GoogleCredentials.create(
            new AccessToken("test-access-token", Date.from(Instant.now().plusSeconds(3600))));
    return InstancesClient.create(
        InstancesSettings.newBuilder()
            .setEndpoint(endpoint.uri().toString())
            .setCredentialsProvider(FixedCredentialsProvider.create(creds))
            .build());
  }

  private static MachineRequest request(TeeType type, String shape) throws Exception {
    return new MachineRequest(
        "payments-0a1b2c3d",
        CloudSpecs.spec(
            type,
            "gcp",
            "us-central1-a",
            "projects/dooor-images/global/images/dooor-agent-1",
            "{\"instance_type\":\"" + shape + "\"}"),
        "us-central1-a",
        "dooor-client-token-1",
        SecretBytes.of("dooor-join-v1.test".getBytes(StandardCharsets.UTF_8)),
        "https://cp.example");
  }

  /** The permissions a recorded request needs, by Compute Engine's documented rules. */
  private static Set<String> permissions(RestRecordingEndpoint.Request r) throws Exception {
    Set<String> out = new TreeSet<>();
    if ("POST".equals(r.method()) && r.path().endsWith("/instances")) {
      out.add("compute.instances.create");
      JsonNode body = JSON.readTree(r.body());
      for (JsonNode d : body.path("disks")) {
        if (d.has("initializeParams")) {
          out.add("compute.disks.create");
          if (d.path("initializeParams").has("sourceImage")) {
            out.add("compute.images.useReadOnly");
          }
        }
      }
      if (body.path("metadata").path("items").size() > 0) {
        out.add("compute.instances.setMetadata");
      }
      if (body.path("labels").size() > 0) {
        out.add("compute.instances.setLabels");
      }
      if (body.path("tags").path("items").size() > 0) {
        out.add("compute.instances.setTags");
      }
      if (body.path("serviceAccounts").size() > 0) {
        out.add("compute.instances.setServiceAccount");
      }
      for (JsonNode n : body.path("networkInterfaces")) {
        out.add(n.has("subnetwork") ? "compute.subnetworks.use" : "compute.networks.use");
        if (n.path("accessConfigs").size() > 0) {
          out.add("compute.subnetworks.useExternalIp");
        }
      }
    } else if ("DELETE".equals(r.method())) {
      out.add("compute.instances.delete");
    } else {
      out.add("unknown:" + r.method() + " " + r.path());
    }
    return out;
  }

  @Test
  void permissionsUsedEqualTheRoleAndRequestsAreExact() throws Exception {
    try (RestRecordingEndpoint endpoint = new RestRecordingEndpoint(GceScopeTest::reply);
        InstancesClient client = client(endpoint)) {
      GceProvider gcp = new GceProvider(client, "dooor-prod", Set.of("us-central1-a"));
      Provider.Answer created = gcp.create(request(TeeType.SNP, "n2d-standard-2"));
      Provider.Answer gone = gcp.terminate("us-central1-a", created.providerRef());

      assertThat(created).isEqualTo(new Provider.Answer("payments-0a1b2c3d", "operation-insert-1"));
      assertThat(gone).isEqualTo(new Provider.Answer("payments-0a1b2c3d", "operation-delete-1"));
      RestRecordingEndpoint.Request insert = endpoint.requests().get(0);
      assertThat(insert.method()).isEqualTo("POST");
      assertThat(insert.path())
          .isEqualTo("/compute/v1/projects/dooor-prod/zones/us-central1-a/instances");
      assertThat(insert.query())
          .contains("requestId=" + GceProvider.requestId("create", "dooor-client-token-1"));
      assertThat(insert.header("authorization")).isEqualTo("Bearer test-access-token");
      JsonNode body = JSON.readTree(insert.body());
      assertThat(body.path("name").asText()).isEqualTo("payments-0a1b2c3d");
      assertThat(body.path("machineType").asText())
          .isEqualTo("zones/us-central1-a/machineTypes/n2d-standard-2");
      assertThat(body.path("confidentialInstanceConfig").path("confidentialInstanceType").asText())
          .isEqualTo("SEV_SNP");
      assertThat(body.path("scheduling").path("onHostMaintenance").asText()).isEqualTo("TERMINATE");
      assertThat(body.path("disks").get(0).path("initializeParams").path("sourceImage").asText())
          .isEqualTo("projects/dooor-images/global/images/dooor-agent-1");
      assertThat(body.path("networkInterfaces").get(0).path("subnetwork").asText())
          .isEqualTo("regions/us-central1/subnetworks/default");
      assertThat(body.path("networkInterfaces").get(0).has("accessConfigs")).isFalse();
      assertThat(body.path("labels").path("dooor-managed").asText()).isEqualTo("true");
      JsonNode item = body.path("metadata").path("items").get(0);
      assertThat(item.path("key").asText()).isEqualTo("startup-script");
      assertThat(item.path("value").asText())
          .startsWith("#!/bin/sh")
          .contains("dooor-join-v1.test")
          .contains("node_id = payments-0a1b2c3d")
          .contains("tee_type = snp");
      RestRecordingEndpoint.Request delete = endpoint.requests().get(1);
      assertThat(delete.method()).isEqualTo("DELETE");
      assertThat(delete.path())
          .isEqualTo(
              "/compute/v1/projects/dooor-prod/zones/us-central1-a/instances/payments-0a1b2c3d");

      Set<String> used = new TreeSet<>();
      for (RestRecordingEndpoint.Request r : endpoint.requests()) {
        used.addAll(permissions(r));
      }
      assertThat(GceActions.granted(GceActions.customRole())).isEqualTo(used);
      assertThat(new TreeSet<>(GceActions.PERMISSIONS)).isEqualTo(used);
    }
  }

  @Test
  void tdxIsAskedForTdxWorkloadsAndTheSameTokenMakesTheSameRequestId() throws Exception {
    try (RestRecordingEndpoint endpoint = new RestRecordingEndpoint(GceScopeTest::reply);
        InstancesClient client = client(endpoint)) {
      GceProvider gcp = new GceProvider(client, "dooor-prod", Set.of("us-central1-a"));
      gcp.create(request(TeeType.TDX, "c3-standard-4"));
      gcp.create(request(TeeType.TDX, "c3-standard-4"));
      var first = endpoint.requests().get(0);
      var again = endpoint.requests().get(1);
      assertThat(
              JSON.readTree(first.body())
                  .path("confidentialInstanceConfig")
                  .path("confidentialInstanceType")
                  .asText())
          .isEqualTo("TDX");
      assertThat(again.query()).isEqualTo(first.query());
    }
  }

  @Test
  void aMissingInstanceIsTerminatedAndARefusalIsNotRetried() throws Exception {
    try (RestRecordingEndpoint endpoint = new RestRecordingEndpoint(GceScopeTest::reply);
        InstancesClient client = client(endpoint)) {
      GceProvider gcp = new GceProvider(client, "dooor-prod", Set.of("us-central1-a"));
      assertThat(gcp.terminate("us-central1-a", "gone-1").providerRef()).isEqualTo("gone-1");
      assertThatThrownBy(() -> gcp.terminate("us-central1-a", "denied-1"))
          .isInstanceOfSatisfying(
              ProviderException.class,
              e -> assertThat(e.reason()).isEqualTo(ProviderException.Reason.REFUSED));
    }
  }
}
