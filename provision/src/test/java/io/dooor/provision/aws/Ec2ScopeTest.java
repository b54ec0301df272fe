package io.dooor.provision.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.dooor.common.SecretBytes;
import io.dooor.core.TeeType;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderCatalog;
import io.dooor.provision.WorkloadSpec;
import io.dooor.provision.WorkloadSpecParser;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;

/**
 * Least privilege made checkable (issue 14), for AWS: the EC2 adapter runs through the real AWS SDK
 * for Java v2 against a local endpoint that records its requests (not a real account). The test
 * asserts the exact requests, derives the IAM actions they need (per AWS's authorization rules:
 * RunInstances with tag specifications also needs CreateTags), and fails if that set differs in
 * either direction from the actions the generated IAM policy allows.
 */
class Ec2ScopeTest {
  private static String reply(Map<String, String> p) {
    String ns = "xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\"";
    return switch (p.get("Action")) {
      case "RunInstances" ->
          "<RunInstancesResponse "
              + ns
              + "><requestId>run-req-1</requestId><reservationId>r-1</reservationId>"
              + "<instancesSet><item><instanceId>i-0123456789abcdef0</instanceId></item>"
              + "</instancesSet></RunInstancesResponse>";
      case "TerminateInstances" ->
          "<TerminateInstancesResponse "
              + ns
              + "><requestId>term-req-2</requestId><instancesSet><item>"
              + "<instanceId>i-0123456789abcdef0</instanceId></item></instancesSet>"
              + "</TerminateInstancesResponse>";
      default -> "<Response><Errors><Error><Code>Unexpected</Code></Error></Errors></Response>";
    };
  }

  private static WorkloadSpec spec(TeeType type) throws Exception {
    Ec2Provider stub = new Ec2Provider(r -> null, Set.of("us-east-1"));
    String json =
        "{\"spec_version\":1,\"name\":\"payments\",\"tee_type\":\""
            + type.wireName()
            + "\",\"image\":{\"ref\":\"ami-0abcdef1234567890\",\"digest\":\"sha256:"
            + "ab".repeat(32)
            + "\"},\"measurements\":{\"MEASUREMENT\":\""
            + "d0".repeat(48)
            + "\"},\"count\":1,\"placement\":[{\"provider\":\"aws\",\"region\":\"us-east-1\"}],"
            + "\"shape\":{\"instance_type\":\"m6a.large\"}}";
    return new WorkloadSpecParser(ProviderCatalog.of(stub))
        .parse(json.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void actionsUsedEqualThePolicyAndRequestsAreExact() throws Exception {
    try (RecordingEndpoint endpoint = new RecordingEndpoint(Ec2ScopeTest::reply)) {
      Ec2Client client =
          Ec2Client.builder()
              .endpointOverride(endpoint.uri())
              .region(Region.US_EAST_1)
              .httpClient(UrlConnectionHttpClient.create())
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-real-secret")))
              .build();
      Ec2Provider aws = new Ec2Provider(r -> client, Set.of("us-east-1"));
      SecretBytes join = SecretBytes.of("dooor-join-v1.test".getBytes(StandardCharsets.UTF_8));
      MachineRequest req =
          new MachineRequest(
              "payments-0a1b2c3d",
              spec(TeeType.SNP),
              "us-east-1",
              "dooor-client-token-1",
              join,
              "https://cp.example");
      Provider.Answer created = aws.create(req);
      Provider.Answer gone = aws.terminate("us-east-1", created.providerRef());

      assertThat(created).isEqualTo(new Provider.Answer("i-0123456789abcdef0", "run-req-1"));
      assertThat(gone.requestId()).isEqualTo("term-req-2");
      var run = endpoint.requests().get(0).params();
      assertThat(run)
          .containsEntry("Action", "RunInstances")
          .containsEntry("ImageId", "ami-0abcdef1234567890")
          .containsEntry("InstanceType", "m6a.large")
          .containsEntry("ClientToken", "dooor-client-token-1")
          .containsEntry("MinCount", "1")
          .containsEntry("MaxCount", "1")
          .containsEntry("CpuOptions.AmdSevSnp", "enabled")
          .containsEntry("TagSpecification.1.ResourceType", "instance");
      assertThat(run).containsValue("dooor:managed");
      String userData =
          new String(Base64.getDecoder().decode(run.get("UserData")), StandardCharsets.UTF_8);
      assertThat(userData).startsWith("#cloud-config").contains("node_id = payments-0a1b2c3d");
      assertThat(endpoint.requests().get(1).params())
          .containsEntry("Action", "TerminateInstances")
          .containsEntry("InstanceId.1", "i-0123456789abcdef0");
      assertThat(endpoint.requests())
          .allSatisfy(r -> assertThat(r.authorization()).startsWith("AWS4-HMAC-SHA256"));

      Set<String> used = new TreeSet<>();
      for (RecordingEndpoint.Request r : endpoint.requests()) {
        used.add("ec2:" + r.params().get("Action"));
        if (r.params().keySet().stream().anyMatch(k -> k.startsWith("TagSpecification."))) {
          used.add("ec2:CreateTags");
        }
      }
      assertThat(Ec2Actions.allowed(Ec2Actions.iamPolicy())).isEqualTo(used);
      assertThat(new TreeSet<>(Ec2Actions.ACTIONS)).isEqualTo(used);
    }
  }

  @Test
  void nitroEnclavesAreAskedForNitroWorkloads() throws Exception {
    try (RecordingEndpoint endpoint = new RecordingEndpoint(Ec2ScopeTest::reply)) {
      Ec2Client client =
          Ec2Client.builder()
              .endpointOverride(endpoint.uri())
              .region(Region.US_EAST_1)
              .httpClient(UrlConnectionHttpClient.create())
              .credentialsProvider(
                  StaticCredentialsProvider.create(
                      AwsBasicCredentials.create("AKIDEXAMPLE", "not-a-real-secret")))
              .build();
      new Ec2Provider(r -> client, Set.of("us-east-1"))
          .create(
              new MachineRequest(
                  "payments-1",
                  spec(TeeType.NITRO),
                  "us-east-1",
                  "tok-2",
                  SecretBytes.of("dooor-join-v1.nitro".getBytes(StandardCharsets.UTF_8)),
                  "https://cp.example"));
      assertThat(endpoint.requests().get(0).params())
          .containsEntry("EnclaveOptions.Enabled", "true")
          .doesNotContainKey("CpuOptions.AmdSevSnp");
    }
  }
}
