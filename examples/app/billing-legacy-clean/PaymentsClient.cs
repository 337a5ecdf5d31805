namespace Billing;

public class PaymentsClient
{
    private static readonly string ApiKey = Environment.GetEnvironmentVariable("PAYMENTS_API_KEY") ?? "";

    public SqlConnection Open(string password) => new SqlConnection { UserId = "billing", Password = password };
}
