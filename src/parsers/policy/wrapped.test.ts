import { describe, expect, it } from "vitest";
import { analyze } from "../../test-support/analyze.js";
import { scan } from "../../scan/scan.js";
import { syntaxOf } from "../../scan/formats.js";
import wildcardAction from "../../rules/policy-wildcard-action/rule.js";
import publicPrincipal from "../../rules/policy-public-principal/rule.js";

const ADMIN = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}';
const ALL_ACTIONS =
  "allows all actions of all AWS services, reading secrets, decrypting and changing permissions included.";

const row = (f: {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  severity: string;
  resource?: string;
  message: string;
}) => [f.line, f.column, f.endLine, f.endColumn, f.severity, f.resource, f.message];

describe("policies inside IAM API responses", () => {
  it("reads get-policy-version output whose Document is an object", async () => {
    const text = `{
  "PolicyVersion": {
    "Document": {
      "Version": "2012-10-17",
      "Statement": [{ "Effect": "Allow", "Action": "*", "Resource": "*" }]
    },
    "VersionId": "v3",
    "IsDefaultVersion": true
  }
}
`;
    const findings = await analyze([wildcardAction], [{ path: "exports/ops-admin.json", text }]);
    expect(findings.map(row)).toEqual([
      [5, 52, 5, 55, "error", "version v3", `Action * of policy version v3 in exports/ops-admin.json ${ALL_ACTIONS}`],
    ]);
  });

  it("reads a URL-encoded Document, reported at the whole string", async () => {
    const encoded = encodeURIComponent(ADMIN);
    const text = `{"PolicyVersion": {"Document": "${encoded}", "VersionId": "v1"}}\n`;
    const findings = await analyze([wildcardAction], [{ path: "exports/encoded.json", text }]);
    const start = text.indexOf('"%7B') + 1;
    expect(findings.map(row)).toEqual([
      [
        1,
        start,
        1,
        start + encoded.length + 2,
        "error",
        "version v1",
        `Action * of policy version v1 in exports/encoded.json ${ALL_ACTIONS}`,
      ],
    ]);
  });

  it("reads get-account-authorization-details: inline policies, trust policies, default managed versions", async () => {
    const text = JSON.stringify(
      {
        UserDetailList: [
          { UserName: "deployer", UserPolicyList: [{ PolicyName: "ship", PolicyDocument: JSON.parse(ADMIN) }] },
        ],
        GroupDetailList: [{ GroupName: "auditors", GroupPolicyList: [] }],
        RoleDetailList: [
          {
            RoleName: "open-door",
            AssumeRolePolicyDocument: {
              Version: "2012-10-17",
              Statement: [{ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }],
            },
            RolePolicyList: [
              {
                PolicyName: "tail-logs",
                PolicyDocument: {
                  Version: "2012-10-17",
                  Statement: [
                    {
                      Effect: "Allow",
                      Action: "logs:*",
                      Resource: "arn:aws:logs:eu-west-1:111122223333:log-group:/svc:*",
                    },
                  ],
                },
              },
            ],
          },
        ],
        Policies: [
          {
            PolicyName: "AdministratorAccess",
            PolicyVersionList: [
              {
                VersionId: "v2",
                IsDefaultVersion: false,
                Document: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:*", Resource: "*" }] },
              },
              { VersionId: "v1", IsDefaultVersion: true, Document: encodeURIComponent(ADMIN) },
            ],
          },
        ],
      },
      null,
      2,
    );
    const findings = await analyze(
      [wildcardAction, publicPrincipal],
      [{ path: "audit/authorization-details.json", text }],
    );
    expect(findings.map((f) => [f.ruleId, f.line, f.severity, f.resource, f.message])).toEqual([
      [
        "policy-wildcard-action",
        13,
        "error",
        "user/deployer/ship",
        `Action * of policy user/deployer/ship in audit/authorization-details.json ${ALL_ACTIONS}`,
      ],
      [
        "policy-public-principal",
        37,
        "error",
        "role/open-door trust policy",
        'Principal AWS: "*" of policy role/open-door trust policy in audit/authorization-details.json allows sts:AssumeRole to anyone: ' +
          "no condition limits the caller to an organization, account, source or network (aws:PrincipalOrgID, aws:PrincipalAccount, " +
          "aws:SourceArn, aws:SourceVpce...).",
      ],
      [
        "policy-wildcard-action",
        51,
        "note",
        "role/open-door/tail-logs",
        "Action logs:* of policy role/open-door/tail-logs in audit/authorization-details.json allows all 133 actions of logs.",
      ],
      [
        "policy-wildcard-action",
        81,
        "error",
        "managed/AdministratorAccess",
        `Action * of policy managed/AdministratorAccess in audit/authorization-details.json ${ALL_ACTIONS}`,
      ],
    ]);
  });
});

describe("policies in files whose name says nothing", () => {
  it("reads a small JSON policy without a recognised extension as a policy", () => {
    expect(syntaxOf("policies/admin", ADMIN)).toBe("json");
    expect(syntaxOf("policies/admin.txt", ` \n${ADMIN}`)).toBe("json");
    expect(syntaxOf("policies/admin", undefined)).toBe("source");
    expect(syntaxOf("notes/readme", '{"note": "no policy here"}')).toBe("source");
    expect(syntaxOf("policies/admin.py", ADMIN)).toBe("source");
    const big = `{"Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}], "pad": "${"x".repeat(256 * 1024)}"}`;
    expect(syntaxOf("policies/huge", big)).toBe("source");
  });

  it("reports an AdministratorAccess document in a file named admin-policy", async () => {
    const text = `{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": "*",
      "Resource": "*"
    }
  ]
}
`;
    const result = await scan({
      cwd: "/nonexistent",
      files: [{ path: "iam/admin-policy", text }],
      rules: [wildcardAction],
      config: { maxFileSeconds: 0 },
    });
    expect(result.findings.map(row)).toEqual([
      [6, 17, 6, 20, "error", undefined, `Action * of policy document iam/admin-policy ${ALL_ACTIONS}`],
    ]);
  });
});
