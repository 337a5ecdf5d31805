namespace Billing;

public class PaymentsClient
{
    private const string ApiKey = "pk-4hT9-wQ2m-Zr7x-Lb1c";

    public SqlConnection Open() => new SqlConnection { UserId = "billing", Password = "Pa55-Ledger-Db#1" };
}
