package io.dooor.client.auth;

/**
 * Keys made outside this code base with OpenSSL 3.0.19: {@code openssl genpkey -algorithm ed25519},
 * {@code -algorithm EC -pkeyopt ec_paramgen_curve:P-256} / {@code secp256k1} / {@code P-384},
 * {@code -algorithm RSA}, {@code -algorithm x25519}, {@code -algorithm ed448}; SEC 1 form by {@code
 * openssl ec}; the encrypted form by {@code openssl pkcs8 -topk8 -v2 aes-256-cbc}; public keys by
 * {@code openssl pkey -pubout -outform DER} (P-256 also with {@code -ec_conv_form compressed}). The
 * principals were computed from the DER public keys with npm {@code @dfinity/principal} 3.4.3 (see
 * core's PrincipalTest). Throwaway test keys: they protect nothing.
 */
final class TestKeys {
  private TestKeys() {}

  static final String OPENSSL_ED25519_SPKI =
      "302a300506032b657003210029bccde63a0f0b17963dac76175c53a13592506ebf64ad6a3cfaed3f5a74fb83";
  static final String OPENSSL_ED25519_PRINCIPAL =
      "ouoty-2jxul-cowht-7xrlq-vvcyu-lycr6-jqal2-cideg-3ooul-27c5v-bae";

  static final String OPENSSL_P256_SPKI =
      "3059301306072a8648ce3d020106082a8648ce3d03010703420004d3ef2f0364ff55d095fc2aada346811d"
          + "38524d83e51c9babb68e66f10b45cce6c81062a96108f24201693b71a166324472e86c237a8663a07d018f"
          + "48ebd955d4";
  static final String OPENSSL_P256_PRINCIPAL =
      "fcbu4-2ijga-kqxtv-eh36f-fu4wx-bgwq6-qfd7e-4db7m-hzzbr-d5bq5-2ae";

  static final String OPENSSL_SECP256K1_SPKI =
      "3056301006072a8648ce3d020106052b8104000a0342000423490fdc8c37184168294d788c8f1cd3c3d8fe"
          + "6f3fd362e105f49d318a2f0a85be2b95176134da8bb9b8af5369c9064020fbe067b54813885a629ac915f0"
          + "878c";
  static final String OPENSSL_SECP256K1_PRINCIPAL =
      "hpbm2-jc2he-dd336-q3q52-3dyvn-opnyu-rldd2-ussij-wkumb-q3yxh-vae";

  static final String P256_COMPRESSED_SPKI =
      "3039301306072a8648ce3d020106082a8648ce3d03010703220002d3ef2f0364ff55d095fc2aada346811d"
          + "38524d83e51c9babb68e66f10b45cce6";

  static final String RSA_1024_SPKI =
      "30819f300d06092a864886f70d010101050003818d0030818902818100bdad6b8b42b03237e1c04df1a5382"
          + "52b123b4e4a125d32338a07085fb674b778614bda277c7ccb90e761357922847f9b6b57b9426800ebd558"
          + "07382da40af00e913724cf0a3aafdfba1119a6f21c709f620756e035d8ea6596bb12bd19326df31ea77d3"
          + "7a1550084cf184d90727d731b3f7065b69b6730a90f7c2922d879a3d30203010001";

  static final String P384_SPKI =
      "3076301006072a8648ce3d020106052b810400220362000432ac818c608b90b4ffaeb797aa007a0d85c7c1"
          + "ce9b458f2f7749b5ee5a4b7d4f42becb4f2206ca55014e7eda1d5e5181817b4891e4e5d147b823c11b1c"
          + "fd3e0adf5d1be127ef7250b8465d6d15df6b5f34324b43b81b4a8300dc02887982bf11";

  static final String X25519_SPKI =
      "302a300506032b656e03210070a69ba686c15a54936c0e51e23d729dc01752702aa9db1d6314c5891697d407";

  static final String ED448_SPKI =
      "3043300506032b6571033a00d8468e9ad73372c2f95c4d847d1c025f31493379d21d4419b4b4f26b4323c2"
          + "c6a822ae22ac1fa43730f0be51a4068354c94003355e6dd0cb00";

  /** secp256k1 with explicit curve parameters ({@code openssl ecparam -param_enc explicit}). */
  static final String SECP256K1_EXPLICIT_SPKI =
      "308201333081ec06072a8648ce3d02013081e0020101302c06072a8648ce3d0101022100ffffffffffff"
          + "fffffffffffffffffffffffffffffffffffffffffffefffffc2f30440420000000000000000000000000"
          + "000000000000000000000000000000000000000004200000000000000000000000000000000000000000"
          + "00000000000000000000000704410479be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f281"
          + "5b16f81798483ada7726a3c4655da4fbfc0e1108a8fd17b448a68554199c47d08ffb10d4b8022100ffff"
          + "fffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd03641410201010342000492c3d9bf8f"
          + "81d8ccffba393040bc235082bd2315ff33ca4759ee82b7a8836d4d8a6735f8d48eb649bd265c6de31872"
          + "d634ac04c4aacceeffaf46809fe159f34a";

  /** RFC 9421 Appendix B.1.4, test-key-ed25519. */
  static final String RFC9421_ED25519_SPKI_B64 =
      "MCowBQYDK2VwAyEAJrQLj5P/89iXES9+vFgrIy29clF9CC/oPPsw3c5D0bs=";

  static final String RFC9421_ED25519_PEM =
      String.join(
          "\n",
          "-----BEGIN PRIVATE KEY-----",
          "MC4CAQAwBQYDK2VwBCIEIJ+DYvh6SEqVTm50DFtMDoQikTmiCqirVv9mWG9qfSnF",
          "-----END PRIVATE KEY-----");

  static final String OPENSSL_ED25519_PEM =
      String.join(
          "\n",
          "-----BEGIN PRIVATE KEY-----",
          "MC4CAQAwBQYDK2VwBCIEIHdoLeX5dBX5/gI0+/w87qSI7p2N3Kv1mwFnFUUNcBQc",
          "-----END PRIVATE KEY-----");

  static final String OPENSSL_P256_PEM =
      String.join(
          "\n",
          "-----BEGIN PRIVATE KEY-----",
          "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRjXZqmu5b3wc42pX",
          "X92/+aTO74HlVOU7cNUrpAgcSW+hRANCAATT7y8DZP9V0JX8Kq2jRoEdOFJNg+Uc",
          "m6u2jmbxC0XM5sgQYqlhCPJCAWk7caFmMkRy6GwjeoZjoH0Bj0jr2VXU",
          "-----END PRIVATE KEY-----");

  static final String OPENSSL_SECP256K1_PEM =
      String.join(
          "\n",
          "-----BEGIN PRIVATE KEY-----",
          "MIGEAgEAMBAGByqGSM49AgEGBSuBBAAKBG0wawIBAQQg4cWfNMdVfCaO1sY5T0wm",
          "t0SwzCdcDN0cukXDOotw4SKhRANCAAQjSQ/cjDcYQWgpTXiMjxzTw9j+bz/TYuEF",
          "9J0xii8Khb4rlRdhNNqLubivU2nJBkAg++BntUgTiFpimskV8IeM",
          "-----END PRIVATE KEY-----");

  static final String OPENSSL_P256_SEC1_PEM =
      String.join(
          "\n",
          "-----BEGIN EC PRIVATE KEY-----",
          "MHcCAQEEIEY12apruW98HONqV1/dv/mkzu+B5VTlO3DVK6QIHElvoAoGCCqGSM49",
          "AwEHoUQDQgAE0+8vA2T/VdCV/Cqto0aBHThSTYPlHJurto5m8QtFzObIEGKpYQjy",
          "QgFpO3GhZjJEcuhsI3qGY6B9AY9I69lV1A==",
          "-----END EC PRIVATE KEY-----");

  static final String OPENSSL_ENCRYPTED_PEM =
      String.join(
          "\n",
          "-----BEGIN ENCRYPTED PRIVATE KEY-----",
          "MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjvPiywThWZdwICCAAw",
          "DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEFsdRkpOYUdGTuDkwOwEUZwEQIgo",
          "tFQS2dQE6ph8opZtt4eXYndB1+xzyDbgEKlAeSsXPxF5DXfSj93BpHqOGh2+LOp5",
          "WyxbGwRTgUXdRhgTuVM=",
          "-----END ENCRYPTED PRIVATE KEY-----");

  static final String OPENSSL_ED448_PEM =
      String.join(
          "\n",
          "-----BEGIN PRIVATE KEY-----",
          "MEcCAQAwBQYDK2VxBDsEOUxVJ2gIyZk8COct1+I32GfrQJKR9Ne85IPFWIQRKUj2",
          "LE5CjMEM5UpbvCtjHbR3PN3V3YBG/uI10w==",
          "-----END PRIVATE KEY-----");

  static final String OPENSSL_RSA_PEM =
      String.join(
          "\n",
          "-----BEGIN PRIVATE KEY-----",
          "MIICdwIBADANBgkqhkiG9w0BAQEFAASCAmEwggJdAgEAAoGBAL2ta4tCsDI34cBN",
          "8aU4JSsSO05KEl0yM4oHCF+2dLd4YUvaJ3x8y5DnYTV5IoR/m2tXuUJoAOvVWAc4",
          "LaQK8A6RNyTPCjqv37oRGabyHHCfYgdW4DXY6mWWuxK9GTJt8x6nfTehVQCEzxhN",
          "kHJ9cxs/cGW2m2cwqQ98KSLYeaPTAgMBAAECgYBhLEJHYw/vek+OfKAKu9vW2A1I",
          "C4yi8EAVO4sftdLP171I5eeK0Ehd4RwdEAUOCm3uLU/85FlseK0TbcV8IBphCeUT",
          "9l96JD27QIkjtzGadF72LjWcovxiaPHP7Po4DEUG2BvDRWUK0WI3Kq4iEP+80dYg",
          "wN8KLVuOjV0iNmJTQQJBAOsMXglK7hFhcRFQdsbzNK2O1GiCmqVNcI9CI/Qu0Y6v",
          "X+xTRD5B8Ln1LCnoddDsB7IUXxy/sgB28Pc733dRDGECQQDOlbjM7xwolekQGY0B",
          "MTJxxbLw9arP/vhMNSJ9WnwHFJHtXjcdv4QYvM6aFrUfX2gFp7RKypzeuFSKfsjD",
          "L3yzAkEArzb66oZ2zXIL7VJEGK63uCFe6cFiMpN1svUlBCPahzjokqzHlHlnT9gZ",
          "4eut1937Jp7VAANOV9ZSbpqtTK6YQQJAGyZYLC68j6TsBV6mRmLV01f9JWfT9BP5",
          "Q+Kzzq+mnzOX3g9ExRcXYDzoFh4n3aCnRh79Ndsc9LRa//ybm/NQuwJBAMNiAvhU",
          "rooktm6tep2kJxqWsNCLCYBPhai54PIRErIlZYsvd17cC7/EE8Z6tKxDnxCNYG+b",
          "vcTbBbei8f3v8pw=",
          "-----END PRIVATE KEY-----");
}
