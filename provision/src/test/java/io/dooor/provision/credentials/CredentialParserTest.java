package io.dooor.provision.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.dooor.client.ApiProblem;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Credentials parsed once at the edge: each bad one refused naming its field, never its value. */
class CredentialParserTest {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";

  private static CredentialParser.Parsed parse(String provider, String json) throws ApiProblem {
    return CredentialParser.parse(provider, json.getBytes(StandardCharsets.UTF_8));
  }

  private static void refused(String provider, String json, String field) {
    assertThatThrownBy(() -> parse(provider, json))
        .isInstanceOfSatisfying(
            ApiProblem.class,
            p -> {
              assertThat(p.status()).isEqualTo(400);
              assertThat(p.field()).isEqualTo(field);
            })
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
  }

  @Test
  void awsKeysAreKeptAsCanonicalJson() throws Exception {
    CredentialParser.Parsed p =
        parse(
            "aws",
            "{\"secret_access_key\":\""
                + SECRET
                + "\",\"kind\":\"aws-keys\",\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\"}");
    assertThat(p.kind()).isEqualTo("aws-keys");
    assertThat(new String(p.plaintext().toArray(), StandardCharsets.UTF_8))
        .isEqualTo(
            "{\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\""
                + SECRET
                + "\"}");
    assertThat(p.toString()).doesNotContain(SECRET);
  }

  @Test
  void eachBadFieldIsNamedAndNoValueRepeated() {
    String ok =
        "\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\",\"secret_access_key\":\"" + SECRET + "\"";
    refused("aws", "{" + ok + "}", "kind");
    refused("aws", "{\"kind\":\"gcp-service-account\"," + ok + "}", "kind");
    refused(
        "aws",
        "{\"kind\":\"aws-keys\",\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\"}",
        "secret_access_key");
    refused(
        "aws",
        "{\"kind\":\"aws-keys\",\"access_key_id\":\""
            + SECRET
            + "\","
            + "\"secret_access_key\":\"x\"}",
        "access_key_id");
    refused(
        "aws", "{\"kind\":\"aws-keys\"," + ok + ",\"password\":\"" + SECRET + "\"}", "password");
    refused(
        "aws",
        "{\"kind\":\"aws-keys\",\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\","
            + "\"secret_access_key\":\"has space "
            + SECRET
            + "\"}",
        "secret_access_key");
    refused(
        "aws",
        "{\"kind\":\"aws-keys\",\"access_key_id\":\"AKIAIOSFODNN7EXAMPLE\","
            + "\"secret_access_key\":"
            + "7"
            + "}",
        "secret_access_key");
    refused("aws", "[\"" + SECRET + "\"]", null);
    refused("aws", "{\"kind\":\"aws-keys\",\"x\":\"" + SECRET, null);
    refused(
        "gcp",
        "{\"kind\":\"gcp-service-account\",\"service_account\":{\"type\":\"user\"}}",
        "service_account");
  }

  @Test
  void providerAndNameAreChecked() throws Exception {
    assertThatThrownBy(() -> CredentialParser.provider("oracle"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.field()).isEqualTo("provider"));
    assertThatThrownBy(() -> CredentialParser.name("Default"))
        .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.field()).isEqualTo("name"));
    assertThat(CredentialParser.name("team-a")).isEqualTo("team-a");
    assertThat(
            parse(
                    "azure",
                    "{\"kind\":\"azure-client-secret\",\"tenant_id\":\"t-1\",\"client_id\":\"c.2\","
                        + "\"client_secret\":\"s3cr3t\"}")
                .kind())
        .isEqualTo("azure-client-secret");
  }

  @Test
  void akashKeyringNamesTheKeyAndHoldsThePassphrase() throws Exception {
    CredentialParser.Parsed p =
        parse(
            "akash",
            "{\"kind\":\"akash-keyring\",\"key_name\":\"dooor-deployer\",\"keyring_passphrase\":\""
                + SECRET
                + "\"}");
    assertThat(p.kind()).isEqualTo("akash-keyring");
    assertThat(CredentialParser.providers()).contains("akash");
    refused(
        "akash",
        "{\"kind\":\"akash-keyring\",\"key_name\":\"--home\",\"keyring_passphrase\":\""
            + SECRET
            + "\"}",
        "key_name");
    refused("akash", "{\"kind\":\"akash-keyring\",\"key_name\":\"k\"}", "keyring_passphrase");
    refused(
        "akash",
        "{\"kind\":\"aws-keys\",\"key_name\":\"k\",\"keyring_passphrase\":\"" + SECRET + "\"}",
        "kind");
  }
}
